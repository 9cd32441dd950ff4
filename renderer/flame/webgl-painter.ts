import type { Painter } from './painter.js';
import type { Viewport } from './viewport.js';

const VERTEX = `#version 300 es
in vec2 a_corner;
in vec2 a_xw;
in float a_depth;
in vec4 a_color;
uniform vec2 u_view;
uniform vec2 u_canvas;
uniform float u_rowHeight;
uniform float u_scrollY;
uniform float u_rows;
uniform float u_flip;
uniform float u_dpr;
out vec4 v_color;
void main() {
  float scale = u_canvas.x / (u_view.y - u_view.x);
  float left = (a_xw.x - u_view.x) * scale;
  float width = a_xw.y * scale;
  // A device pixel of gap between wide boxes keeps neighbours apart.
  float gap = width > 3.0 * u_dpr ? u_dpr : 0.0;
  float row = u_flip > 0.5 ? (u_rows - 1.0 - a_depth) : a_depth;
  float top = row * u_rowHeight - u_scrollY;
  vec2 p = vec2(left + a_corner.x * max(width - gap, 0.6 * u_dpr), top + a_corner.y * (u_rowHeight - u_dpr));
  gl_Position = vec4(p.x / u_canvas.x * 2.0 - 1.0, 1.0 - p.y / u_canvas.y * 2.0, 0.0, 1.0);
  v_color = a_color;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 color;
void main() { color = v_color; }`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/** One instanced draw of every rectangle; zoom, pan and scroll are uniforms. */
export class WebGLPainter implements Painter {
  readonly kind = 'webgl2';
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly buffers: { xw: WebGLBuffer; depth: WebGLBuffer; color: WebGLBuffer };
  private readonly uniforms: Record<string, WebGLUniformLocation | null>;
  private count = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(program)}`);
    this.program = program;
    this.vao = gl.createVertexArray()!;
    gl.bindVertexArray(this.vao);
    const corner = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, corner);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    const cornerLoc = gl.getAttribLocation(program, 'a_corner');
    gl.enableVertexAttribArray(cornerLoc);
    gl.vertexAttribPointer(cornerLoc, 2, gl.FLOAT, false, 0, 0);
    const instanced = (name: string, size: number, type: number, normalized: boolean): WebGLBuffer => {
      const buffer = gl.createBuffer();
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      const loc = gl.getAttribLocation(program, name);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, type, normalized, 0, 0);
      gl.vertexAttribDivisor(loc, 1);
      return buffer;
    };
    this.buffers = {
      xw: instanced('a_xw', 2, gl.FLOAT, false),
      depth: instanced('a_depth', 1, gl.FLOAT, false),
      color: instanced('a_color', 4, gl.UNSIGNED_BYTE, true),
    };
    gl.bindVertexArray(null);
    this.uniforms = Object.fromEntries(
      ['u_view', 'u_canvas', 'u_rowHeight', 'u_scrollY', 'u_rows', 'u_flip', 'u_dpr'].map((n) => [n, gl.getUniformLocation(program, n)]),
    );
  }

  setRects(x: Float32Array, width: Float32Array, depth: Float32Array, colors: Uint8Array): void {
    const gl = this.gl;
    const xw = new Float32Array(x.length * 2);
    for (let i = 0; i < x.length; i++) {
      xw[2 * i] = x[i];
      xw[2 * i + 1] = width[i];
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.xw);
    gl.bufferData(gl.ARRAY_BUFFER, xw, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.depth);
    gl.bufferData(gl.ARRAY_BUFFER, depth, gl.STATIC_DRAW);
    this.setColors(colors);
    this.count = x.length;
  }

  setColors(colors: Uint8Array): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.color);
    gl.bufferData(gl.ARRAY_BUFFER, colors, gl.STATIC_DRAW);
  }

  draw(v: Viewport): void {
    const gl = this.gl;
    const w = Math.round(v.widthCss * v.dpr);
    const h = Math.round(v.heightCss * v.dpr);
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (this.count === 0) return;
    gl.useProgram(this.program);
    gl.uniform2f(this.uniforms.u_view, v.x0, v.x1);
    gl.uniform2f(this.uniforms.u_canvas, w, h);
    gl.uniform1f(this.uniforms.u_rowHeight, v.rowHeight * v.dpr);
    gl.uniform1f(this.uniforms.u_scrollY, v.scrollY * v.dpr);
    gl.uniform1f(this.uniforms.u_rows, v.rows);
    gl.uniform1f(this.uniforms.u_flip, v.flipped ? 1 : 0);
    gl.uniform1f(this.uniforms.u_dpr, v.dpr);
    gl.bindVertexArray(this.vao);
    gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, this.count);
    gl.bindVertexArray(null);
  }

  dispose(): void {
    this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

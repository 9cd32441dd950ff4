import { CanvasPainter } from './canvas-painter.js';
import type { Painter } from './painter.js';
import { WebGLPainter } from './webgl-painter.js';

/**
 * WebGL2 on a real GPU. Where WebGL2 is missing, or only emulated in software (SwiftShader,
 * llvmpipe: headless and GPU-less machines), Canvas 2D draws the same layout: there it keeps
 * zoom frames at 16.7 ms where the emulated WebGL2 took 50-130 ms for the same 10k boxes.
 * `?webgl` and `?canvas2d` force one painter.
 */
export function createPainter(canvas: HTMLCanvasElement): Painter {
  const params = new URLSearchParams(location.search);
  if (!params.has('canvas2d') && (params.has('webgl') || !isSoftwareWebGL())) {
    const gl = canvas.getContext('webgl2', { antialias: false, premultipliedAlpha: false });
    if (gl) return new WebGLPainter(gl);
  }
  return new CanvasPainter(canvas.getContext('2d')!);
}

let softwareWebGL: boolean | undefined;

/**
 * Probed once, on a throwaway canvas (a canvas that gave out a WebGL context cannot give a 2D
 * one); the app calls it while idle at start so the first graph does not wait for it.
 */
export function isSoftwareWebGL(): boolean {
  if (softwareWebGL === undefined) {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) {
      softwareWebGL = true;
    } else {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      softwareWebGL = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
    }
  }
  return softwareWebGL;
}


// A small Go service for Flamedeck's remote-source tests: net/http/pprof on 127.0.0.1 (a port the
// kernel picks, printed as "PORT <n>" on stdout) and a labelled workload that gives every
// standard profile something to show: CPU, heap/allocs, goroutines, mutex contention, blocking.
package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	mu       sync.Mutex
	retained [][]byte
	sink     [32]byte
)

// hash burns CPU, hashing a buffer over and over.
func hash(rounds int) {
	buf := make([]byte, 4096)
	for i := 0; i < rounds; i++ {
		sink = sha256.Sum256(buf)
		buf[i%len(buf)] ^= sink[0]
	}
}

// allocate keeps some memory alive (heap inuse) and throws more away (allocs).
func allocate() {
	keep := make([]byte, 64<<10)
	mu.Lock()
	if len(retained) < 256 {
		retained = append(retained, keep)
	}
	mu.Unlock()
	for i := 0; i < 16; i++ {
		_ = make([]byte, 8<<10)
	}
}

// contend holds a mutex while others wait for it (mutex profile), and waits on channels (block profile).
func contend() {
	mu.Lock()
	time.Sleep(200 * time.Microsecond)
	mu.Unlock()
	ch := make(chan int)
	go func() { time.Sleep(100 * time.Microsecond); ch <- 1 }()
	<-ch
}

func worker(ctx context.Context, kind string, work func()) {
	pprof.Do(ctx, pprof.Labels("worker", kind), func(context.Context) {
		for ctx.Err() == nil {
			work()
		}
	})
}

func main() {
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	go worker(ctx, "hash", func() { hash(2000) })
	go worker(ctx, "alloc", func() { allocate(); time.Sleep(time.Millisecond) })
	for i := 0; i < 3; i++ {
		go worker(ctx, "contend", contend)
	}
	// Exits when the test that started it goes away (its stdin closes), never outliving it.
	go func() {
		buf := make([]byte, 1)
		for {
			if _, err := os.Stdin.Read(buf); err != nil {
				os.Exit(0)
			}
		}
	}()
	fmt.Printf("PORT %d\n", listener.Addr().(*net.TCPAddr).Port)
	if err := http.Serve(listener, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

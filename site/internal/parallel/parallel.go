// Package parallel spreads independent pieces of a build's work over the
// machine's cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) to f(n-1) on as many goroutines as there are cores, and
// returns when all are done.
func For(n int, f func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

/*
Copyright 2026 The Kubeflow Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package cache

import (
	"context"
	"sync"
)

// wakeup lets writers wait until a read model applied the event that
// makes their write visible: each applied event wakes every waiter, who
// tests its condition again. The channel is made only while someone
// waits, so events cost nothing otherwise.
type wakeup struct {
	mu sync.Mutex
	ch chan struct{}
}

// wake wakes every waiter. Call it after applying an event.
func (w *wakeup) wake() {
	w.mu.Lock()
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
	w.mu.Unlock()
}

// await waits until cond, evaluated under lock's read lock, holds, or ctx
// ends, returning ctx's error then.
func (w *wakeup) await(ctx context.Context, lock *sync.RWMutex, cond func() bool) error {
	for {
		// Take the channel before testing cond, so an event applied in
		// between still wakes us.
		w.mu.Lock()
		if w.ch == nil {
			w.ch = make(chan struct{})
		}
		ch := w.ch
		w.mu.Unlock()

		lock.RLock()
		ok := cond()
		lock.RUnlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

//go:build linux

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

package main

import (
	"testing"
	"time"
)

func TestHistogramQuantiles(t *testing.T) {
	tests := []struct {
		name     string
		values   []time.Duration
		q        float64
		want     time.Duration
		tolerate float64 // relative error allowed by the bucket width
	}{
		{"small values are exact", []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5, 5, 0},
		{"p99 of 1..1000 µs is 990 µs within a bucket", series(1000, time.Microsecond), 0.99, 990 * time.Microsecond, 1.0 / 64},
		{"p50 of 1..1000 µs is 500 µs within a bucket", series(1000, time.Microsecond), 0.50, 500 * time.Microsecond, 1.0 / 64},
		{"one value of a second", []time.Duration{time.Second}, 0.99, time.Second, 1.0 / 64},
		{"empty is zero", nil, 0.5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			for _, v := range tt.values {
				h.record(v)
			}
			got := h.quantile(tt.q)
			if diff := float64(got-tt.want) / float64(max(tt.want, 1)); diff > tt.tolerate || diff < -tt.tolerate {
				t.Errorf("quantile(%v) = %v, want %v ± %.1f%%", tt.q, got, tt.want, tt.tolerate*100)
			}
		})
	}
}

func TestBucketsAreContiguous(t *testing.T) {
	for i := 1; i < numBuckets; i++ {
		if lo := lowestOf(i); bucketOf(lo) != i || bucketOf(lo-1) != i-1 {
			t.Fatalf("bucket %d starts at %d, which maps to bucket %d (and %d to %d)", i, lo, bucketOf(lo), lo-1, bucketOf(lo-1))
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 15234567: "15,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func series(n int, unit time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	return out
}

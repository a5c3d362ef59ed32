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
	"math"
	"math/bits"
	"time"
)

// subBucketBits sets the histogram's precision: each power of two is split
// into 2^subBucketBits buckets, so a recorded value is off by at most 1/64
// (1.6 %), whatever its magnitude.
const subBucketBits = 6

const (
	subBuckets = 1 << subBucketBits
	// numBuckets covers every positive int64: the exact range below
	// 2*subBuckets, then subBuckets buckets per further power of two.
	numBuckets = (64-subBucketBits)*subBuckets + subBuckets
)

// histogram counts latencies in log-linear buckets (as HdrHistogram does):
// recording is an index computation and an increment, with no allocation,
// so the load generator measures the server and not itself. It is not safe
// for concurrent use: each worker records into its own and they are merged.
type histogram struct {
	counts [numBuckets]uint64
	total  uint64
}

// bucketOf maps a value to its bucket: values below 2*subBuckets have one
// bucket each; above, the top subBucketBits+1 bits select the bucket.
func bucketOf(v uint64) int {
	if v < 2*subBuckets {
		return int(v)
	}
	shift := bits.Len64(v) - (subBucketBits + 1)
	return shift*subBuckets + int(v>>shift)
}

// lowestOf is the smallest value that falls in bucket i.
func lowestOf(i int) uint64 {
	if i < 2*subBuckets {
		return uint64(i)
	}
	shift := (i - subBuckets) / subBuckets
	return uint64(i-shift*subBuckets) << shift
}

func (h *histogram) record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	h.total++
}

func (h *histogram) merge(other *histogram) {
	for i, c := range &other.counts {
		h.counts[i] += c
	}
	h.total += other.total
}

// quantile returns the value at quantile q (0 < q <= 1): the middle of the
// bucket holding the ceil(q*total)-th smallest value.
func (h *histogram) quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := max(uint64(math.Ceil(q*float64(h.total))), 1)
	var seen uint64
	for i, c := range &h.counts {
		seen += c
		if seen >= rank {
			lo := lowestOf(i)
			hi := lo + 1
			if i+1 < numBuckets {
				hi = lowestOf(i + 1)
			}
			return time.Duration(lo + (hi-lo)/2)
		}
	}
	return time.Duration(lowestOf(numBuckets - 1))
}

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
	"fmt"
	"io"
	"strconv"
	"time"
)

// Targets of the issue that are not per-route ratios.
const (
	// rssTargetKiB is the most the BFF's RSS may grow per seeded
	// Workspace once settled (8 MiB per 1,000), and rssPeakTargetKiB just
	// after the burst of creations (16 MiB per 1,000).
	rssTargetKiB     = 8 * 1024 / 1000.0
	rssPeakTargetKiB = 16 * 1024 / 1000.0
	// eventTarget is the most an event may take to be served, at p99.
	eventTarget = 10 * time.Millisecond
	// replicaRSSTargetMiB is the most a -replica may hold at 100,000
	// Workspaces once settled, and replicaLoadedRSSTargetMiB after a load
	// of every list.
	replicaRSSTargetMiB       = 1024
	replicaLoadedRSSTargetMiB = 1229
)

// print writes the report as markdown.
func (r report) print(w io.Writer) {
	o := r.opts
	fmt.Fprintf(w, "\n## workspaces-bff load benchmark\n\n")
	fmt.Fprintf(w, "%d Workspaces in %d namespaces (plus %d from dev mode's seed); {ns}/{name} = %s/%s.\n",
		o.workspaces, o.namespaces, r.devWorkspaces, r.namespace, r.name)
	fmt.Fprintf(w, "Load: %d closed-loop keep-alive clients; per route and server %v measured plus %v warmup, in %d rounds alternating BFF and limit; %s; BFF and limit server run with GOMAXPROCS unset.\n\n",
		o.concurrency, o.duration, o.warmup, rounds, cpuSummary())

	if s := r.startup; s != nil {
		fmt.Fprintf(w, "A replica (the production binary) started against the seeded API server: `/readyz` 200 after %.1f s, "+
			"first complete list of every Workspace after %.1f s (target < %v): %s. Everything below measures that replica.\n\n",
			s.readyz.Seconds(), s.firstList.Seconds(), readyTarget, verdict(s.firstList < readyTarget))
	}
	fmt.Fprintln(w, "| route | BFF req/s | p50 | p99 | bytes/resp | limit req/s | ratio | target | result |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|")
	var notes []string
	for _, rr := range r.routes {
		ratio := rr.bff.rate() / rr.limit.rate()
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %.0f | %.2f | ≥ %.2f | %s |\n",
			rr.route.label, rr.bff.rate(), latency(rr.bff.latency.quantile(0.50)), latency(rr.bff.latency.quantile(0.99)),
			thousands(rr.size), rr.limit.rate(), ratio, rr.route.target, verdict(ratio >= rr.route.target))
		for _, side := range []struct {
			name   string
			result *loadResult
		}{{"BFF", rr.bff}, {"limit", rr.limit}} {
			if side.result.errors > 0 {
				notes = append(notes, fmt.Sprintf("%s on %s: %d errors, first: %v", side.name, rr.route.label, side.result.errors, side.result.firstErr))
			}
		}
	}
	for _, n := range notes {
		fmt.Fprintf(w, "\nERRORS: %s\n", n)
	}
	if len(r.routes) > 0 {
		worst := r.routes[0]
		for _, rr := range r.routes {
			if rr.otherCPU > worst.otherCPU {
				worst = rr
			}
		}
		fmt.Fprintf(w, "\nOther processes used up to %.0f%% of the machine's CPU while a route was measured (%s)%s.\n",
			100*worst.otherCPU, worst.route.label, sharedWarning(worst.otherCPU))
	}

	// CPU per request does not depend on how much CPU other processes
	// leave: on a shared machine it is the steadier comparison.
	fmt.Fprintf(w, "\nCPU time per request, over whole rounds: the server process, and the load generator driving it. ")
	fmt.Fprintf(w, "With the CPUs saturated by the load alone, the requests/s ratio tends to (generator + limit) ÷ (generator + BFF).\n\n")
	fmt.Fprintln(w, "| route | BFF CPU/req | limit CPU/req | generator CPU/req (BFF run / limit run) | CPU ratio | target | result |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|")
	for _, rr := range r.routes {
		bffCPU, limitCPU := rr.bff.cpuPerRequest(rr.bff.serverCPU), rr.limit.cpuPerRequest(rr.limit.serverCPU)
		genB, genL := rr.bff.cpuPerRequest(rr.bff.generatorCPU), rr.limit.cpuPerRequest(rr.limit.generatorCPU)
		ratio := float64(genL+limitCPU) / float64(genB+bffCPU)
		fmt.Fprintf(w, "| %s | %s | %s | %s / %s | %.2f | ≥ %.2f | %s |\n", rr.route.label,
			micros(bffCPU), micros(limitCPU), micros(genB), micros(genL), ratio, rr.route.target, verdict(ratio >= rr.route.target))
	}

	fmt.Fprintf(w, "\n| BFF process memory | RSS (VmRSS) | Go heap in use | Go heap allocated | GC goal | heap free, not returned |\n|---|---:|---:|---:|---:|---:|\n")
	for _, row := range []struct {
		when string
		mem  memory
	}{
		{"before seeding (dev mode's own data), settled", r.memBefore},
		{fmt.Sprintf("just after seeding %d Workspaces (-replica: just after its first complete list)", o.workspaces), r.memSeeded},
		{fmt.Sprintf("after seeding %d Workspaces, settled", o.workspaces), r.memSettled},
		{"just after the event measurement and the load", r.memAfterLoad},
		{"after the load, settled", r.memLoadSettled},
	} {
		fmt.Fprintf(w, "| %s | %.1f MiB | %s | %s | %s | %s |\n", row.when, mib(row.mem.rssKiB),
			heapMiB(row.mem.heapInuse), heapMiB(row.mem.heapAlloc), heapMiB(row.mem.gcGoal), heapMiB(row.mem.retained))
	}
	fmt.Fprintf(w, "\n\"Settled\" is read once the RSS stopped falling, with nothing forced from outside: the Go runtime's background scavenger "+
		"returns the free heap to the OS by itself.\n")
	settled := perWorkspace(r.memSettled.rssKiB-r.memBefore.rssKiB, o.workspaces)
	burst := perWorkspace(r.memSeeded.rssKiB-r.memBefore.rssKiB, o.workspaces)
	loaded := perWorkspace(r.memAfterLoad.rssKiB-r.memBefore.rssKiB, o.workspaces)
	loadSettled := perWorkspace(r.memLoadSettled.rssKiB-r.memBefore.rssKiB, o.workspaces)
	fmt.Fprintf(w, "\nRSS growth per Workspace: %.2f KiB after seeding, settled (target ≤ %.2f KiB): %s; %.2f KiB just after seeding (target ≤ %.2f KiB): %s; %.2f KiB just after the load, %.2f KiB settled.\n",
		settled, rssTargetKiB, verdict(settled <= rssTargetKiB), burst, rssPeakTargetKiB, verdict(burst <= rssPeakTargetKiB), loaded, loadSettled)
	if r.startup != nil {
		fmt.Fprintf(w, "The replica's RSS: %.0f MiB settled (target < %d MiB): %s; %.0f MiB after the load, settled (target < %d MiB): %s. "+
			"Growth is counted from the dev BFF's own baseline, the first row.\n",
			mib(r.memSettled.rssKiB), replicaRSSTargetMiB, verdict(mib(r.memSettled.rssKiB) < replicaRSSTargetMiB),
			mib(r.memLoadSettled.rssKiB), replicaLoadedRSSTargetMiB, verdict(mib(r.memLoadSettled.rssKiB) < replicaLoadedRSSTargetMiB))
	}
	if r.memBefore.heapAlloc > 0 && r.memSettled.heapAlloc > 0 {
		live := (r.memSettled.heapAlloc - r.memBefore.heapAlloc) / 1024 / float64(o.workspaces)
		fmt.Fprintf(w, "Live Go heap growth per Workspace, settled: %.2f KiB.\n", live)
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "| event → served (write acknowledged → 200 with the new ETag) | p50 | p99 | max | target | result |\n")
	fmt.Fprintf(w, "|---|---:|---:|---:|---:|---|\n")
	for _, e := range r.events {
		p99 := e.quantile(0.99)
		fmt.Fprintf(w, "| %s | %s | %s | %s | p99 < %s | %s |\n", e.path,
			latency(e.quantile(0.50)), latency(p99), latency(e.samples[len(e.samples)-1]),
			latency(eventTarget), verdict(p99 < eventTarget))
	}
	fmt.Fprintf(w, "\n%d changes of spec.displayName per route; each time ends when the new answer's headers arrive, so it includes rendering and list rebuilding, not the transfer. "+
		"Polls are %s apart, so a time may be up to that much late.\n", o.events, eventPoll)
}

// sharedWarning flags a measurement that other processes disturbed: the
// numbers then describe the shared machine, not the BFF.
func sharedWarning(otherCPU float64) string {
	if otherCPU > 0.05 {
		return "; the machine was shared: the requests/s above understate both servers and their ratio is noisy, the CPU table below is steadier; rerun on a quiet machine for numbers to compare"
	}
	return ""
}

func verdict(pass bool) string {
	if pass {
		return "PASS"
	}
	return "**FAIL**"
}

// latency formats a duration in milliseconds with three significant digits.
func latency(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 1:
		return fmt.Sprintf("%.3f ms", ms)
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.0f ms", ms)
	}
}

// micros formats a short duration in microseconds.
func micros(d time.Duration) string {
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}

// thousands formats n with comma separators: 15,234,567.
func thousands(n int) string {
	s := strconv.Itoa(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// heapMiB formats a byte count from /metrics, or "n/a" when it was absent.
func heapMiB(bytes float64) string {
	if bytes == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MiB", bytes/(1<<20))
}

func perWorkspace(growthKiB int64, workspaces int) float64 {
	return float64(growthKiB) / float64(workspaces)
}

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
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStat is what the benchmark reads from /proc/PID/stat.
type procStat struct {
	parent int
	// start is the start time, which with the PID names one process.
	start string
	// cpu is user plus system time, in clock ticks; with children, also
	// that of the children the process has waited for.
	cpu, cpuWithChildren uint64
}

// readStat reads /proc/PID/stat, whose second field (the command) may
// contain spaces and parentheses: the fields that follow start after its
// last ')'.
func readStat(pid int) (procStat, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, false
	}
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return procStat{}, false
	}
	// fields[k] is field k+3 of proc(5): ppid(4), utime(14), stime(15),
	// cutime(16), cstime(17), starttime(22).
	fields := strings.Fields(string(raw[i+1:]))
	if len(fields) < 20 {
		return procStat{}, false
	}
	var n [4]uint64
	for j := range n {
		if n[j], err = strconv.ParseUint(fields[11+j], 10, 64); err != nil {
			return procStat{}, false
		}
	}
	parent, err := strconv.Atoi(fields[1])
	if err != nil {
		return procStat{}, false
	}
	return procStat{parent: parent, start: fields[19], cpu: n[0] + n[1], cpuWithChildren: n[0] + n[1] + n[2] + n[3]}, true
}

// process identifies a process across PID reuse: its PID and start time.
type process struct {
	pid   int
	start string
}

// alive reports whether the process still runs (and is not a newer one
// that was given the same PID).
func (p process) alive() bool {
	st, ok := readStat(p.pid)
	return ok && st.start == p.start
}

// descendants lists every process descending from pid, from /proc.
func descendants(pid int) []process {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]process{}
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(child); ok {
			children[st.parent] = append(children[st.parent], process{pid: child, start: st.start})
		}
	}
	var out []process
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, c := range children[next] {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
	}
	return out
}

// rssKiB is a process's resident set size (VmRSS), in KiB.
func rssKiB(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	scanner := bufio.NewScanner(bytes.NewReader(status))
	for scanner.Scan() {
		if rest, ok := strings.CutPrefix(scanner.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

// cpuSnapshot is the machine's CPU time and the part of it this benchmark's
// own processes used, in clock ticks. Between two snapshots, the rest is
// what other processes took from a shared machine while it measured.
type cpuSnapshot struct {
	total, busy, ours uint64
}

// takeCPU reads the machine's CPU time from /proc/stat, and ours: this
// process with the children it has waited for (the limit servers), plus
// the BFF and its control plane.
func takeCPU(bffPid int) (cpuSnapshot, error) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuSnapshot{}, err
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return cpuSnapshot{}, errors.New("/proc/stat: no cpu line")
	}
	// user nice system idle iowait irq softirq steal (guest time is
	// already counted in user).
	var s cpuSnapshot
	for i, f := range fields[1:9] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return cpuSnapshot{}, fmt.Errorf("/proc/stat: %w", err)
		}
		s.total += v
		if i != 3 && i != 4 { // idle, iowait
			s.busy += v
		}
	}
	if st, ok := readStat(os.Getpid()); ok {
		s.ours += st.cpuWithChildren
	}
	for _, p := range append([]process{{pid: bffPid}}, descendants(bffPid)...) {
		if st, ok := readStat(p.pid); ok {
			s.ours += st.cpu
		}
	}
	return s, nil
}

// otherShare is the fraction of the machine's CPU that other processes
// used between s and later.
func (s cpuSnapshot) otherShare(later cpuSnapshot) float64 {
	total := later.total - s.total
	if total == 0 {
		return 0
	}
	other := int64(later.busy-s.busy) - int64(later.ours-s.ours)
	return max(float64(other), 0) / float64(total)
}

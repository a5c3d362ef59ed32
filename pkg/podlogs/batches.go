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

package podlogs

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"time"
)

// MaxBatchLines bounds the lines of one batch of Batches.
const MaxBatchLines = 1000

// Batches reads src line by line and calls send with the lines it holds
// whenever reading more would wait for src, that is once per chunk the
// node sent, or once MaxBatchLines are held: a followed log reaches the
// client as it is written, in as few events as it arrives. A line the node
// sent in part waits for its end, with the lines before it; a line longer
// than 32 KiB comes in pieces. It returns send's error, or src's other than
// io.EOF.
func Batches(src io.Reader, send func(lines []string) error) error {
	br := bufio.NewReaderSize(src, chunkSize)
	var batch []string
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			err = nil
		}
		if len(line) > 0 {
			batch = append(batch, string(bytes.TrimSuffix(line, []byte("\n"))))
		}
		if len(batch) > 0 && (err != nil || br.Buffered() == 0 || len(batch) >= MaxBatchLines) {
			if sendErr := send(batch); sendErr != nil {
				return sendErr
			}
			batch = nil
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// LineTime is the timestamp Open puts before every line, and whether line
// has one (the pieces of a long line after its first do not).
func LineTime(line string) (time.Time, bool) {
	stamp, _, ok := strings.Cut(line, " ")
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	return t, err == nil
}

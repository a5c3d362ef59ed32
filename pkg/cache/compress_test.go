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
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Every response's compressed forms decode to its body, as one gzip member
// (clients stop after the first) or zstd frames, and are made once.
func TestCompressedForms(t *testing.T) {
	m := NewModel(models.Options{})
	for i := range 60 {
		m.Upsert(workspace(fmt.Sprintf("ns-%d", i%3), fmt.Sprintf("ws-%02d", i), "k"))
	}
	type response interface {
		Gzip() []byte
		Zstd() []byte
	}
	responses := map[string]struct {
		response
		body []byte
	}{
		"body":               {newBody(bytes.Repeat([]byte(`{"name":"workspace"},`), 200)), nil},
		"list":               {m.Workspaces("ns-1"), m.Workspaces("ns-1").Bytes()},
		"list of every list": {m.AllWorkspaces(), bytes.Join(m.AllWorkspaces().Parts(), nil)},
	}
	decoders := map[string]func([]byte) ([]byte, error){
		"gzip": func(b []byte) ([]byte, error) {
			in := bytes.NewReader(b)
			zr, err := gzip.NewReader(in)
			if err != nil {
				return nil, err
			}
			zr.Multistream(false)
			plain, err := io.ReadAll(zr)
			if in.Len() > 0 {
				return nil, fmt.Errorf("%d bytes after the first member", in.Len())
			}
			return plain, err
		},
		"zstd": func(b []byte) ([]byte, error) {
			zr, err := zstd.NewReader(nil)
			if err != nil {
				return nil, err
			}
			defer zr.Close()
			return zr.DecodeAll(b, nil)
		},
	}
	for name, r := range responses {
		if r.body == nil {
			r.body = r.response.(*Body).Bytes()
		}
		for encoding, decode := range decoders {
			t.Run(name+" "+encoding, func(t *testing.T) {
				form := map[string]func() []byte{"gzip": r.Gzip, "zstd": r.Zstd}[encoding]
				first := form()
				plain, err := decode(first)
				if err != nil || !bytes.Equal(plain, r.body) {
					t.Fatalf("decodes to %d bytes (%v), want the body's %d", len(plain), err, len(r.body))
				}
				if &form()[0] != &first[0] {
					t.Fatal("compressed again")
				}
			})
		}
	}
	small := newBody([]byte(`{"data":[]}`))
	if small.Gzip() != nil || small.Zstd() != nil {
		t.Fatal("a small body is compressed")
	}
}

// BenchmarkDecodeList measures what a client spends decoding the list of
// 5,000 Workspaces in each encoding the BFF serves, and reports each form's
// size: go test -run '^$' -bench DecodeList ./pkg/cache
func BenchmarkDecodeList(b *testing.B) {
	m := NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
	kind := &v1beta1.WorkspaceKind{}
	sampleObject(b, "jupyterlab_v1beta1_workspacekind.yaml", kind)
	m.Upsert(kind)
	template := memoryTemplate(b)
	for i := range 5000 {
		ws := template.DeepCopy()
		ws.Namespace = fmt.Sprintf("bench-%02d", i%50)
		ws.Name = fmt.Sprintf("bench-ws-%05d", i)
		m.Upsert(ws)
	}
	all := m.AllWorkspaces()
	b.Run("gzip", func(b *testing.B) {
		gz := all.Gzip()
		b.SetBytes(int64(all.Size()))
		for b.Loop() {
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, zr); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(gz)), "encoded-bytes")
	})
	b.Run("zstd", func(b *testing.B) {
		zst := all.Zstd()
		b.SetBytes(int64(all.Size()))
		for b.Loop() {
			// A client decodes each response with a decoder of its own.
			zr, err := zstd.NewReader(bytes.NewReader(zst), zstd.WithDecoderConcurrency(1))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, zr); err != nil {
				b.Fatal(err)
			}
			zr.Close()
		}
		b.ReportMetric(float64(len(zst)), "encoded-bytes")
	})
	b.Run("zstd, one decoder reused", func(b *testing.B) {
		zst := all.Zstd()
		zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			b.Fatal(err)
		}
		defer zr.Close()
		b.SetBytes(int64(all.Size()))
		var out []byte
		for b.Loop() {
			if out, err = zr.DecodeAll(zst, out[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAllWorkspacesGzipAfterChange measures what one Workspace's change
// costs the next gzip reader of the list of every Workspace, at 100,000
// Workspaces in 500 namespaces: the changed namespace's items are compressed
// again and every namespace's compressed items joined.
// go test -run '^$' -bench AllWorkspacesGzipAfterChange ./pkg/cache
func BenchmarkAllWorkspacesGzipAfterChange(b *testing.B) {
	m := NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
	kind := &v1beta1.WorkspaceKind{}
	sampleObject(b, "jupyterlab_v1beta1_workspacekind.yaml", kind)
	m.Upsert(kind)
	template := memoryTemplate(b)
	for i := range 100_000 {
		ws := template.DeepCopy()
		ws.Namespace = fmt.Sprintf("bench-%03d", i%500)
		ws.Name = fmt.Sprintf("bench-ws-%06d", i)
		m.Upsert(ws)
	}
	m.AllWorkspaces().Gzip()
	changed := template.DeepCopy()
	changed.Namespace, changed.Name = "bench-000", "bench-ws-000000"
	for i := 0; b.Loop(); i++ {
		changed.Spec.Paused = i%2 == 0
		m.Upsert(changed)
		b.SetBytes(int64(m.AllWorkspaces().Size()))
		m.AllWorkspaces().Gzip()
	}
}

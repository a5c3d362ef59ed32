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

// Both compressed forms decode to the body, and are made once.
func TestCompressedForms(t *testing.T) {
	body := newBody(bytes.Repeat([]byte(`{"name":"workspace"},`), 200))
	decoders := map[string]func([]byte) ([]byte, error){
		"gzip": func(b []byte) ([]byte, error) {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(zr)
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
	forms := map[string]func() []byte{"gzip": body.Gzip, "zstd": body.Zstd}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			first := form()
			plain, err := decoders[name](first)
			if err != nil || !bytes.Equal(plain, body.Bytes()) {
				t.Fatalf("decodes to %d bytes (%v), want the body's %d", len(plain), err, len(body.Bytes()))
			}
			if &form()[0] != &first[0] {
				t.Fatal("compressed again")
			}
			small := newBody([]byte(`{"data":[]}`))
			if map[string]func() []byte{"gzip": small.Gzip, "zstd": small.Zstd}[name]() != nil {
				t.Fatal("a small body is compressed")
			}
		})
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

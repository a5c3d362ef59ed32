package kube

import (
	"testing"

	"k8s.io/client-go/rest"
)

// TestNewClientsCoreResources: the typed core clients are built with the
// others, once, and name the resource their requests go to.
func TestNewClientsCoreResources(t *testing.T) {
	clients, err := NewClients(&rest.Config{Host: "https://example.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		got  string
		want string
	}{
		{"the PVC client", clients.PersistentVolumeClaims.Name(), "persistentvolumeclaims"},
		{"the Secret client", clients.Secrets.Name(), "secrets"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("a client of %q, want %q", tt.got, tt.want)
			}
		})
	}
}

package actions

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// TestValidatePVCCreate: a valid request is answered with its storage
// request parsed, for CreatePVC; an invalid one with its errors only.
func TestValidatePVCCreate(t *testing.T) {
	request := func(storage string) *models.PVCCreate {
		return &models.PVCCreate{
			Name: "p", AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			StorageClassName: "s", Requests: models.StorageRequests{Storage: storage},
		}
	}
	for _, tt := range []struct {
		name    string
		req     *models.PVCCreate
		storage string // "" means refused
	}{
		{"a request of 1Gi", request("1Gi"), "1Gi"},
		{"a request of 1.5e3", request("1.5e3"), "1500"},
		{"a request of no size is refused", request(""), ""},
		{"a request of a bad size is refused", request("1 GB"), ""},
		{"a request without access modes is refused", &models.PVCCreate{Name: "p", StorageClassName: "s", Requests: models.StorageRequests{Storage: "1Gi"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			valid, errs := ValidatePVCCreate(tt.req, field.NewPath("data"))
			if tt.storage == "" {
				if valid != nil || len(errs) == 0 {
					t.Fatalf("accepted: %v, errors %v", valid, errs)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs)
			}
			if valid.PVCCreate != tt.req || valid.storage.Cmp(resource.MustParse(tt.storage)) != 0 {
				t.Fatalf("answered %v with storage %s, want the request with %s", valid.PVCCreate, &valid.storage, tt.storage)
			}
		})
	}
}

package kube

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
)

// PersistentVolumeClaims is a typed client for PVCs, with the same methods
// (and preconditions) as the CRD clients, so that writes to them share one
// read-modify-write path.
func (c *Clients) PersistentVolumeClaims() *Resource[*corev1.PersistentVolumeClaim, *corev1.PersistentVolumeClaimList] {
	return coreResource(c.Kube.CoreV1().RESTClient(), "persistentvolumeclaims",
		func() *corev1.PersistentVolumeClaim { return &corev1.PersistentVolumeClaim{} },
		func() *corev1.PersistentVolumeClaimList { return &corev1.PersistentVolumeClaimList{} })
}

// Secrets is a typed client for Secrets, as PersistentVolumeClaims. What it
// reads holds the Secrets' values: callers must drop them at once.
func (c *Clients) Secrets() *Resource[*corev1.Secret, *corev1.SecretList] {
	return coreResource(c.Kube.CoreV1().RESTClient(), "secrets",
		func() *corev1.Secret { return &corev1.Secret{} },
		func() *corev1.SecretList { return &corev1.SecretList{} })
}

func coreResource[T Object, L runtime.Object](client rest.Interface, resource string, newObject func() T, newList func() L) *Resource[T, L] {
	return &Resource[T, L]{client: client, resource: resource, newObject: newObject, newList: newList}
}

// NewMetadataClient builds a client that reads objects' metadata only
// (PartialObjectMetadata), so that listing and watching Secrets never
// brings their values into the BFF. The config is copied, never modified.
func NewMetadataClient(cfg *rest.Config) (metadata.Interface, error) {
	return metadata.NewForConfig(rest.CopyConfig(cfg))
}

package kube

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
)

// newPersistentVolumeClaims is the typed client of PVCs over client, the
// clientset's core/v1 REST client. It is built once, in NewClients.
func newPersistentVolumeClaims(client rest.Interface) *Resource[*corev1.PersistentVolumeClaim, *corev1.PersistentVolumeClaimList] {
	return coreResource(client, "persistentvolumeclaims",
		func() *corev1.PersistentVolumeClaim { return &corev1.PersistentVolumeClaim{} },
		func() *corev1.PersistentVolumeClaimList { return &corev1.PersistentVolumeClaimList{} })
}

// newSecrets is the typed client of Secrets, as newPersistentVolumeClaims.
func newSecrets(client rest.Interface) *Resource[*corev1.Secret, *corev1.SecretList] {
	return coreResource(client, "secrets",
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

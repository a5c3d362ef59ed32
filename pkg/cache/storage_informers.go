package cache

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/metadata"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// StorageInformers are the shared informers the storage read model is built
// from, besides the Workspaces of Informers. Secrets are watched as metadata
// only: no Secret value ever reaches an informer store. Every object is
// trimmed, before it is stored, to what the storage routes serve.
// Objects in their stores are shared: never modify them.
type StorageInformers struct {
	StorageClasses         toolscache.SharedIndexInformer
	PersistentVolumes      toolscache.SharedIndexInformer
	PersistentVolumeClaims toolscache.SharedIndexInformer
	Pods                   toolscache.SharedIndexInformer
	Secrets                toolscache.SharedIndexInformer
}

// NewStorageInformers creates the informers; Start runs them. meta reads
// Secrets' metadata (kube.NewMetadataClient). With health set, lists and
// watches wait while the API server is down, as NewInformers' do.
func NewStorageInformers(clients *kube.Clients, meta metadata.Interface, health *kube.Health) *StorageInformers {
	g := gate{health}
	core := clients.Kube.CoreV1()
	classes := clients.Kube.StorageV1().StorageClasses()
	volumes := core.PersistentVolumes()
	claims := core.PersistentVolumeClaims(metav1.NamespaceAll)
	pods := core.Pods(metav1.NamespaceAll)
	secrets := meta.Resource(corev1.SchemeGroupVersion.WithResource("secrets")).Namespace(metav1.NamespaceAll)
	return &StorageInformers{
		StorageClasses: gatedInformer(g, &storagev1.StorageClass{}, nil, trimStorageClass,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return classes.List(ctx, o) },
			classes.Watch),
		PersistentVolumes: gatedInformer(g, &corev1.PersistentVolume{}, nil, trimPersistentVolume,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return volumes.List(ctx, o) },
			volumes.Watch),
		PersistentVolumeClaims: gatedInformer(g, &corev1.PersistentVolumeClaim{}, nil, trimPersistentVolumeClaim,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return claims.List(ctx, o) },
			claims.Watch),
		Pods: gatedInformer(g, &corev1.Pod{}, workspacePodIndexers, trimPod,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return pods.List(ctx, o) },
			pods.Watch),
		Secrets: gatedInformer(g, &metav1.PartialObjectMetadata{}, nil, trimSecretMetadata,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return secrets.List(ctx, o) },
			secrets.Watch),
	}
}

func (i *StorageInformers) all() []toolscache.SharedIndexInformer {
	return []toolscache.SharedIndexInformer{i.StorageClasses, i.PersistentVolumes, i.PersistentVolumeClaims, i.Pods, i.Secrets}
}

// Start runs the informers until ctx ends.
func (i *StorageInformers) Start(ctx context.Context) { informerSet(i.all()).start(ctx) }

// HasSynced reports whether every informer has delivered its initial list.
func (i *StorageInformers) HasSynced() bool { return informerSet(i.all()).hasSynced() }

// WaitForSync blocks until every informer has synced or ctx ends; it reports
// whether they synced.
func (i *StorageInformers) WaitForSync(ctx context.Context) bool {
	return toolscache.WaitForCacheSync(ctx.Done(), i.HasSynced)
}

// The labels and annotations the storage routes read; the transforms drop
// every other one (a Secret's last-applied-configuration annotation holds
// its values in clear).
var (
	auditAnnotations  = []string{models.AnnotationCreatedBy, models.AnnotationUpdatedAt, models.AnnotationUpdatedBy}
	permissionLabels  = []string{models.LabelCanMount, models.LabelCanUpdate}
	classAnnotations  = []string{models.AnnotationDisplayName, models.AnnotationDescription}
	storageClassLabel = []string{models.LabelCanUse}
)

// trimMeta keeps what identifies an object, its timestamps, and the given
// labels and annotations.
func trimMeta(m *metav1.ObjectMeta, labels, annotations []string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name: m.Name, Namespace: m.Namespace, UID: m.UID, ResourceVersion: m.ResourceVersion,
		CreationTimestamp: m.CreationTimestamp, DeletionTimestamp: m.DeletionTimestamp,
		Labels: keep(m.Labels, labels), Annotations: keep(m.Annotations, annotations),
	}
}

// keep is the entries of m under keys; nil when there are none.
func keep(m map[string]string, keys []string) map[string]string {
	var out map[string]string
	for _, k := range keys {
		if v, ok := m[k]; ok {
			if out == nil {
				out = make(map[string]string, len(keys))
			}
			out[k] = v
		}
	}
	return out
}

func trimStorageClass(obj any) (any, error) {
	sc, ok := obj.(*storagev1.StorageClass)
	if !ok {
		return obj, nil
	}
	return &storagev1.StorageClass{ObjectMeta: trimMeta(&sc.ObjectMeta, storageClassLabel, classAnnotations)}, nil
}

func trimPersistentVolume(obj any) (any, error) {
	pv, ok := obj.(*corev1.PersistentVolume)
	if !ok {
		return obj, nil
	}
	return &corev1.PersistentVolume{
		ObjectMeta: trimMeta(&pv.ObjectMeta, nil, nil),
		Spec: corev1.PersistentVolumeSpec{
			AccessModes:                   pv.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: pv.Spec.PersistentVolumeReclaimPolicy,
			VolumeMode:                    pv.Spec.VolumeMode,
		},
	}, nil
}

func trimPersistentVolumeClaim(obj any) (any, error) {
	pvc, ok := obj.(*corev1.PersistentVolumeClaim)
	if !ok {
		return obj, nil
	}
	out := &corev1.PersistentVolumeClaim{
		ObjectMeta: trimMeta(&pvc.ObjectMeta, permissionLabels, auditAnnotations),
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      pvc.Spec.AccessModes,
			StorageClassName: pvc.Spec.StorageClassName,
			VolumeMode:       pvc.Spec.VolumeMode,
			VolumeName:       pvc.Spec.VolumeName,
		},
	}
	if q, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; ok {
		out.Spec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: q}
	}
	return out, nil
}

// trimPod keeps a Pod's name, phase, node and the PVCs its volumes claim:
// Pods are the most numerous and most often changed objects watched, and
// nothing else of them is served; a Workspace's Pod also keeps its
// containers' resources (workspaceContainers).
func trimPod(obj any) (any, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	out := &corev1.Pod{
		ObjectMeta: trimMeta(&pod.ObjectMeta, nil, nil),
		Spec:       corev1.PodSpec{NodeName: pod.Spec.NodeName},
		Status:     corev1.PodStatus{Phase: pod.Status.Phase},
	}
	workspaceContainers(pod, out)
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			out.Spec.Volumes = append(out.Spec.Volumes, corev1.Volume{VolumeSource: corev1.VolumeSource{
				PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: v.PersistentVolumeClaim.ClaimName},
			}})
		}
	}
	return out, nil
}

func trimSecretMetadata(obj any) (any, error) {
	secret, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{
		TypeMeta:   secret.TypeMeta,
		ObjectMeta: trimMeta(&secret.ObjectMeta, permissionLabels, auditAnnotations),
	}, nil
}

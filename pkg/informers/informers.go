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

// Package informers builds the BFF's shared informers: Workspaces,
// WorkspaceKinds, Namespaces, the storage resources and image-source
// ConfigMaps, each object trimmed by Transform before it is stored. The
// read models (pkg/cache) are fed by their events; nothing writes to their
// stores.
package informers

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata/metadatainformer"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apihealth"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// Informers are the shared informers the read models are built from, made
// by client-go's shared informer factories with resync off: a read model
// changes only when an object does. Each object is trimmed by transform
// before it is stored. Objects in their stores are shared: never modify
// them.
type Informers struct {
	Workspaces     toolscache.SharedIndexInformer
	WorkspaceKinds toolscache.SharedIndexInformer
	Namespaces     toolscache.SharedIndexInformer

	StorageClasses         toolscache.SharedIndexInformer
	PersistentVolumes      toolscache.SharedIndexInformer
	PersistentVolumeClaims toolscache.SharedIndexInformer
	Pods                   toolscache.SharedIndexInformer
	// Secrets hold metadata only (PartialObjectMetadata): no Secret value
	// ever reaches an informer store.
	Secrets toolscache.SharedIndexInformer
	// ImageSources are the ConfigMaps labelled ImageSourceLabel=true,
	// which hold WorkspaceKind icons and logos.
	ImageSources toolscache.SharedIndexInformer

	factories []interface{ Start(stopCh <-chan struct{}) }
	all       []toolscache.SharedIndexInformer
}

// ImageSourceLabel marks the ConfigMaps that may hold WorkspaceKind icons and
// logos (crds.md §1). The BFF watches only ConfigMaps carrying it with the
// value "true"; any other ConfigMap is invisible to it, as to upstream.
const ImageSourceLabel = "notebooks.kubeflow.org/image-source"

// New creates the informers; Start runs them. health, when set, is told of
// their watch errors.
func New(clients *kube.Clients, health *apihealth.Health) (*Informers, error) {
	resync := time.Duration(0)
	core := informers.NewSharedInformerFactoryWithOptions(clients.Kube, resync, informers.WithTransform(Transform))
	// The API server filters image-source ConfigMaps by label: others may
	// be many, large or secret-like, and the BFF is never sent them.
	imageSources := informers.NewSharedInformerFactoryWithOptions(clients.Kube, resync,
		informers.WithTransform(Transform),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = ImageSourceLabel + "=true" }))
	meta := metadatainformer.NewFilteredSharedInformerFactory(clients.Metadata, resync, metav1.NamespaceAll, nil)

	i := &Informers{
		// The CRD informers join the core factory, so they share its
		// transform, start and sync.
		Workspaces: core.InformerFor(&v1beta1.Workspace{}, func(kubernetes.Interface, time.Duration) toolscache.SharedIndexInformer {
			return CRDInformer(clients.Workspaces(metav1.NamespaceAll), &v1beta1.Workspace{},
				toolscache.Indexers{toolscache.NamespaceIndex: toolscache.MetaNamespaceIndexFunc})
		}),
		WorkspaceKinds: core.InformerFor(&v1beta1.WorkspaceKind{}, func(kubernetes.Interface, time.Duration) toolscache.SharedIndexInformer {
			return CRDInformer(clients.WorkspaceKinds(), &v1beta1.WorkspaceKind{}, toolscache.Indexers{})
		}),
		Namespaces:             core.Core().V1().Namespaces().Informer(),
		StorageClasses:         core.Storage().V1().StorageClasses().Informer(),
		PersistentVolumes:      core.Core().V1().PersistentVolumes().Informer(),
		PersistentVolumeClaims: core.Core().V1().PersistentVolumeClaims().Informer(),
		Pods:                   core.Core().V1().Pods().Informer(),
		Secrets:                meta.ForResource(corev1.SchemeGroupVersion.WithResource("secrets")).Informer(),
		ImageSources:           imageSources.Core().V1().ConfigMaps().Informer(),
	}
	// The metadata factory has no transform option.
	if err := i.Secrets.SetTransform(Transform); err != nil {
		return nil, err
	}
	if err := i.Pods.AddIndexers(workspacePodIndexers); err != nil {
		return nil, err
	}
	i.factories = append(i.factories, core, imageSources, meta)
	i.all = []toolscache.SharedIndexInformer{
		i.Workspaces, i.WorkspaceKinds, i.Namespaces, i.StorageClasses, i.PersistentVolumes,
		i.PersistentVolumeClaims, i.Pods, i.Secrets, i.ImageSources,
	}
	if health != nil {
		for _, inf := range i.all {
			if err := inf.SetWatchErrorHandlerWithContext(health.WatchErrorHandler); err != nil {
				return nil, err
			}
		}
	}
	return i, nil
}

// ListWatcher is the part of a typed client (gentype) an informer needs.
type ListWatcher[L runtime.Object] interface {
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
}

// CRDInformer is an informer of a custom resource through its typed
// client, as client-go's generated informers are made.
func CRDInformer[L runtime.Object](c ListWatcher[L], obj runtime.Object, indexers toolscache.Indexers) toolscache.SharedIndexInformer {
	return toolscache.NewSharedIndexInformer(&toolscache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return c.List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return c.Watch(ctx, o)
		},
	}, obj, 0, indexers)
}

// Start runs the informers until ctx ends.
func (i *Informers) Start(ctx context.Context) {
	for _, f := range i.factories {
		f.Start(ctx.Done())
	}
}

// HasSynced reports whether every informer has delivered its initial list.
func (i *Informers) HasSynced() bool {
	for _, inf := range i.all {
		if !inf.HasSynced() {
			return false
		}
	}
	return true
}

// WaitForSync blocks until every informer has synced or ctx ends; it reports
// whether they synced.
func (i *Informers) WaitForSync(ctx context.Context) bool {
	return toolscache.WaitForCacheSync(ctx.Done(), i.HasSynced)
}

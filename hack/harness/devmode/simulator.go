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

package devmode

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/ptr"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// DefaultStepDelay is how long a simulated Workspace stays Pending after
// it is started, and Terminating after it is paused: long enough to see
// in the frontend, short enough not to wait for.
const DefaultStepDelay = time.Second

// kindsKey is the queue's key for "count every kind's Workspaces again";
// Workspace keys are namespace/name, never empty.
const kindsKey = ""

// simulator plays the workspace controller's part on status (crds.md
// 2.3 and 4), so that dev mode behaves like a cluster: a Workspace that is
// created or started goes Pending, then Running with a Pod whose main
// container runs; a paused one goes Terminating while its Pod is deleted,
// then Paused; a deleted one's Pod goes with it; and each kind's counts
// follow its Workspaces. It writes only through the API, as the controller
// would: the status subresource, Pods and their status.
//
// The seed's Workspaces keep their seeded states until their spec changes
// (they show what a cluster shows: Pending forever, Error); one that has no
// status at all is new to it, as to the controller.
type simulator struct {
	clients *kube.Clients
	node    string
	delay   time.Duration
	logf    func(string, ...any)

	workspaces toolscache.SharedIndexInformer
	kinds      toolscache.SharedIndexInformer
	queue      workqueue.TypedRateLimitingInterface[string]

	mu sync.Mutex
	// seeded holds the generation of each Workspace the simulator found
	// with a status when it started, until its spec changes.
	seeded map[string]int64
	// steps is when each Workspace entered Pending or Terminating.
	steps map[string]step
}

func newSimulator(clients *kube.Clients, node string, delay time.Duration, logf func(string, ...any)) (*simulator, error) {
	s := &simulator{
		clients: clients, node: node, delay: delay, logf: logf,
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		seeded: map[string]int64{},
		steps:  map[string]step{},
	}
	s.workspaces = informers.CRDInformer(clients.Workspaces(metav1.NamespaceAll), &v1beta1.Workspace{}, toolscache.Indexers{})
	s.kinds = informers.CRDInformer(clients.WorkspaceKinds(), &v1beta1.WorkspaceKind{}, toolscache.Indexers{})
	_, err := s.workspaces.AddEventHandler(toolscache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(obj any, initial bool) {
			ws, ok := obj.(*v1beta1.Workspace)
			if !ok {
				return
			}
			key := ws.Namespace + "/" + ws.Name
			if initial && ws.Status.State != "" {
				s.mu.Lock()
				s.seeded[key] = ws.Generation
				s.mu.Unlock()
				return
			}
			s.queue.Add(key)
			s.queue.Add(kindsKey)
		},
		UpdateFunc: func(old, obj any) {
			ws, ok := obj.(*v1beta1.Workspace)
			if !ok {
				return
			}
			if o, ok := old.(*v1beta1.Workspace); ok && o.Generation != ws.Generation {
				s.queue.Add(kindsKey) // its options may have changed
			}
			key := ws.Namespace + "/" + ws.Name
			s.mu.Lock()
			gen, seeded := s.seeded[key]
			if seeded && gen != ws.Generation {
				delete(s.seeded, key)
				seeded = false
			}
			s.mu.Unlock()
			if !seeded {
				s.queue.Add(key)
			}
		},
		DeleteFunc: func(obj any) {
			if key, err := toolscache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
				s.queue.Add(key)
			}
			s.queue.Add(kindsKey)
		},
	})
	if err != nil {
		return nil, err
	}
	// A kind's options decide its per-option counts; a new kind counts 0.
	_, err = s.kinds.AddEventHandler(toolscache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(_ any, initial bool) {
			if !initial {
				s.queue.Add(kindsKey)
			}
		},
		UpdateFunc: func(old, obj any) {
			o, ok1 := old.(*v1beta1.WorkspaceKind)
			n, ok2 := obj.(*v1beta1.WorkspaceKind)
			if ok1 && ok2 && o.Generation != n.Generation {
				s.queue.Add(kindsKey)
			}
		},
	})
	return s, err
}

// run starts the informers and the worker; it returns once they have
// synced, and everything stops when ctx ends.
func (s *simulator) run(ctx context.Context) error {
	go s.workspaces.RunWithContext(ctx)
	go s.kinds.RunWithContext(ctx)
	if !toolscache.WaitForCacheSync(ctx.Done(), s.workspaces.HasSynced, s.kinds.HasSynced) {
		s.queue.ShutDown()
		return fmt.Errorf("the controller simulator's informers did not sync: %w", ctx.Err())
	}
	go func() {
		<-ctx.Done()
		s.queue.ShutDown()
	}()
	go func() {
		for s.next(ctx) {
		}
	}()
	return nil
}

func (s *simulator) next(ctx context.Context) bool {
	key, quit := s.queue.Get()
	if quit {
		return false
	}
	defer s.queue.Done(key)
	var err error
	if key == kindsKey {
		err = s.countKinds(ctx)
	} else {
		err = s.reconcile(ctx, key)
	}
	if err != nil {
		if ctx.Err() == nil {
			s.logf("controller simulator: %s: %v (retrying)", key, err)
		}
		s.queue.AddRateLimited(key)
		return true
	}
	s.queue.Forget(key)
	return true
}

// reconcile moves one Workspace a step towards what its spec asks.
func (s *simulator) reconcile(ctx context.Context, key string) error {
	namespace, name, err := toolscache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	podName := "ws-" + name + "-0"
	obj, exists, err := s.workspaces.GetStore().GetByKey(key)
	if err != nil {
		return err
	}
	if !exists {
		// No finalizer holds a Workspace: it is gone at once, and its Pod
		// after it (the garbage collector's part, which envtest lacks).
		s.forget(key)
		return s.deletePod(ctx, namespace, podName, 0)
	}
	ws := obj.(*v1beta1.Workspace).DeepCopy()
	s.mu.Lock()
	_, seeded := s.seeded[key]
	s.mu.Unlock()
	if seeded || ws.DeletionTimestamp != nil {
		return nil
	}
	if _, ok, _ := s.kinds.GetStore().GetByKey(ws.Spec.Kind); !ok {
		if err := s.deletePod(ctx, namespace, podName, 0); err != nil {
			return err
		}
		return s.writeStatus(ctx, ws, v1beta1.WorkspaceStateError,
			"Workspace references unknown WorkspaceKind: "+ws.Spec.Kind, v1beta1.WorkspacePodStatus{})
	}
	pod, err := s.clients.Kube.CoreV1().Pods(namespace).Get(ctx, podName, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		pod = nil
	case err != nil:
		return err
	}
	if ws.Status.PauseTime == 0 && ws.Spec.Paused {
		ws.Status.PauseTime = time.Now().UnixMilli()
	}
	if !ws.Spec.Paused {
		ws.Status.PauseTime = 0
	}
	switch {
	case ws.Spec.Paused && pod == nil:
		s.forget(key)
		return s.writeStatus(ctx, ws, v1beta1.WorkspaceStatePaused, "Workspace is paused", v1beta1.WorkspacePodStatus{})
	case pod != nil && pod.DeletionTimestamp != nil, ws.Spec.Paused:
		// Terminating: the Pod is deleted gracefully (no kubelet confirms
		// it, so it stays), then, after the delay, for good.
		if pod.DeletionTimestamp == nil {
			if err := s.deletePod(ctx, namespace, podName, -1); err != nil {
				return err
			}
		}
		if wait := s.wait(key, v1beta1.WorkspaceStateTerminating); wait > 0 {
			s.queue.AddAfter(key, wait)
			return s.writeStatus(ctx, ws, v1beta1.WorkspaceStateTerminating, "Workspace is terminating", ws.Status.PodTemplatePod)
		}
		s.forget(key)
		if err := s.deletePod(ctx, namespace, podName, 0); err != nil {
			return err
		}
		s.queue.Add(key)
		return nil
	case pod == nil:
		if err := s.createPod(ctx, ws, podName); err != nil {
			return err
		}
		s.queue.AddAfter(key, s.wait(key, v1beta1.WorkspaceStatePending))
		return s.writeStatus(ctx, ws, v1beta1.WorkspaceStatePending, "Workspace is pending", s.podStatus(ws, podName))
	case pod.Status.Phase != corev1.PodRunning:
		if wait := s.wait(key, v1beta1.WorkspaceStatePending); wait > 0 {
			s.queue.AddAfter(key, wait)
			return s.writeStatus(ctx, ws, v1beta1.WorkspaceStatePending, "Workspace is pending", s.podStatus(ws, podName))
		}
		s.forget(key)
		if err := s.runPod(ctx, pod); err != nil {
			return err
		}
		ws.Status.LastRunningTime = time.Now().UnixMilli()
		ws.Status.Activity = v1beta1.WorkspaceActivity{}
		return s.writeStatus(ctx, ws, v1beta1.WorkspaceStateRunning, "Workspace is running", s.podStatus(ws, podName))
	default:
		return s.writeStatus(ctx, ws, v1beta1.WorkspaceStateRunning, "Workspace is running", s.podStatus(ws, podName))
	}
}

// step is a transition a Workspace is in, and since when.
type step struct {
	state v1beta1.WorkspaceState
	since time.Time
}

// wait is how much longer key stays in state, starting the clock when it
// was in no step or another.
func (s *simulator) wait(key string, state v1beta1.WorkspaceState) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.steps[key]
	if !ok || st.state != state {
		st = step{state: state, since: time.Now()}
		s.steps[key] = st
	}
	return s.delay - time.Since(st.since)
}

// forget ends key's step.
func (s *simulator) forget(key string) {
	s.mu.Lock()
	delete(s.steps, key)
	s.mu.Unlock()
}

func (s *simulator) podStatus(ws *v1beta1.Workspace, podName string) v1beta1.WorkspacePodStatus {
	return v1beta1.WorkspacePodStatus{
		Name: podName, NodeName: s.node, ServiceAccountName: "ws-" + ws.Name,
		Containers: []v1beta1.WorkspacePodContainer{{Name: "main"}},
	}
}

// writeStatus writes the Workspace's state, unless it already says so.
func (s *simulator) writeStatus(ctx context.Context, ws *v1beta1.Workspace, state v1beta1.WorkspaceState, message string, pod v1beta1.WorkspacePodStatus) error {
	next := ws.Status
	next.State, next.StateMessage, next.PodTemplatePod = state, message, pod
	if next.PodTemplateOptions.ImageConfig.Desired == "" {
		next.PodTemplateOptions.ImageConfig.Desired = ws.Spec.PodTemplate.Options.ImageConfig
	}
	if next.PodTemplateOptions.PodConfig.Desired == "" {
		next.PodTemplateOptions.PodConfig.Desired = ws.Spec.PodTemplate.Options.PodConfig
	}
	current, _, _ := s.workspaces.GetStore().Get(ws)
	if cur, ok := current.(*v1beta1.Workspace); ok && reflect.DeepEqual(cur.Status, next) {
		return nil
	}
	ws.Status = next
	_, err := s.clients.Workspaces(ws.Namespace).UpdateStatus(ctx, ws, metav1.UpdateOptions{})
	return err
}

// createPod creates the Workspace's Pod on the dev node, its main
// container waiting to start, as the StatefulSet controller and the
// scheduler would. The namespace's default ServiceAccount, which no
// controller creates here, is created first.
func (s *simulator) createPod(ctx context.Context, ws *v1beta1.Workspace, podName string) error {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ws.Namespace}}
	if _, err := s.clients.Kube.CoreV1().ServiceAccounts(ws.Namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: podName, Namespace: ws.Namespace, Labels: map[string]string{informers.WorkspaceNameLabel: ws.Name}},
		Spec: corev1.PodSpec{
			NodeName:                     s.node,
			AutomountServiceAccountToken: ptr.To(false),
			Containers:                   []corev1.Container{{Name: "main", Image: s.image(ws)}},
		},
	}
	if home := ws.Spec.PodTemplate.Volumes.Home; home != nil && *home != "" {
		pod.Spec.Volumes = append(pod.Spec.Volumes, pvcVolume("home", *home, false))
	}
	for i, d := range ws.Spec.PodTemplate.Volumes.Data {
		pod.Spec.Volumes = append(pod.Spec.Volumes, pvcVolume(fmt.Sprintf("data-%d", i), d.PVCName, d.ReadOnly != nil && *d.ReadOnly))
	}
	pods := s.clients.Kube.CoreV1().Pods(ws.Namespace)
	created, err := pods.Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	created.Status.Phase = corev1.PodPending
	created.Status.ContainerStatuses = []corev1.ContainerStatus{{
		Name: "main", Image: pod.Spec.Containers[0].Image,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}},
	}}
	_, err = pods.UpdateStatus(ctx, created, metav1.UpdateOptions{})
	return err
}

// runPod marks the Pod running and ready, its main container started, as
// the kubelet would.
func (s *simulator) runPod(ctx context.Context, pod *corev1.Pod) error {
	now := metav1.Now()
	pod.Status.Phase = corev1.PodRunning
	pod.Status.StartTime = &now
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: now}}
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{
		Name: "main", Image: pod.Spec.Containers[0].Image, Ready: true, Started: ptr.To(true),
		State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
	}}
	_, err := s.clients.Kube.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, pod, metav1.UpdateOptions{})
	return err
}

// deletePod deletes a Pod: gracefully for grace < 0, else with that grace
// period (0: at once, as the kubelet confirms a deletion). A Pod already
// gone is no error.
func (s *simulator) deletePod(ctx context.Context, namespace, name string, grace int64) error {
	opts := metav1.DeleteOptions{}
	if grace >= 0 {
		opts.GracePeriodSeconds = &grace
	}
	err := s.clients.Kube.CoreV1().Pods(namespace).Delete(ctx, name, opts)
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// image is the container image of the Workspace's image option, or a
// placeholder when its kind lacks it.
func (s *simulator) image(ws *v1beta1.Workspace) string {
	if obj, ok, _ := s.kinds.GetStore().GetByKey(ws.Spec.Kind); ok {
		for _, v := range obj.(*v1beta1.WorkspaceKind).Spec.PodTemplate.Options.ImageConfig.Values {
			if v.ID == ws.Spec.PodTemplate.Options.ImageConfig {
				return v.Spec.Image
			}
		}
	}
	return "unknown-image"
}

func pvcVolume(name, claim string, readOnly bool) corev1.Volume {
	return corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{
		PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim, ReadOnly: readOnly},
	}}
}

// countKinds writes each kind's counts (KindUsage) from the Workspaces the
// informer holds, where they changed.
func (s *simulator) countKinds(ctx context.Context) error {
	var workspaces []v1beta1.Workspace
	for _, obj := range s.workspaces.GetStore().List() {
		workspaces = append(workspaces, *obj.(*v1beta1.Workspace))
	}
	for _, obj := range s.kinds.GetStore().List() {
		kind := obj.(*v1beta1.WorkspaceKind).DeepCopy()
		total, metrics := KindUsage(kind, workspaces)
		if kind.Status.Workspaces == total && reflect.DeepEqual(kind.Status.PodTemplateOptions, metrics) {
			continue
		}
		kind.Status.Workspaces, kind.Status.PodTemplateOptions = total, metrics
		if _, err := s.clients.WorkspaceKinds().UpdateStatus(ctx, kind, metav1.UpdateOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return nil
}

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

package actions

import (
	"context"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// objectClient is what a read-modify-write needs of a typed client of one
// namespace's objects (or of cluster-scoped ones): client-go's clientset
// and gentype clients have these methods.
type objectClient[T kube.Object] interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
	Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error
}

// update reads the object from the API server, lets mutate compute the new
// object from it, and writes that with the read resourceVersion. When the
// write conflicts, the object changed in between: it is read again and
// mutate decides afresh, so a change that matters (a new revision) fails in
// mutate with a Conflict, and one that does not (a status write) is retried.
func update[T kube.Object](ctx context.Context, obs Observer, res objectClient[T], resource, name, what string, mutate func(cur T) (T, error)) (T, error) {
	var zero T
	backoff := conflictBackoff
	for {
		cur, err := res.Get(ctx, name, metav1.GetOptions{})
		obs.APICall("get", resource, err)
		if err != nil {
			return zero, fromKube(err, what)
		}
		next, err := mutate(cur)
		if err != nil {
			return zero, err
		}
		out, err := res.Update(ctx, next, metav1.UpdateOptions{})
		obs.APICall("update", resource, err)
		if apierrors.IsConflict(err) && retryAfterConflict(ctx, &backoff) {
			obs.Retried(resource)
			continue
		}
		return out, fromKube(err, what)
	}
}

// conflictBackoff spaces the retries of a write that lost a race: jittered,
// so two writers do not keep colliding, and bounded at about two seconds.
var conflictBackoff = wait.Backoff{Duration: 5 * time.Millisecond, Factor: 2, Jitter: 0.5, Steps: 10, Cap: 250 * time.Millisecond}

// retryAfterConflict waits for the next attempt; false when the attempts
// are spent or the caller gave up.
func retryAfterConflict(ctx context.Context, backoff *wait.Backoff) bool {
	if backoff.Steps <= 1 {
		return false
	}
	t := time.NewTimer(backoff.Step())
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// remove deletes the object as last read, with its UID and resourceVersion
// as preconditions, retrying when only its resourceVersion moved. check may
// refuse the delete.
func remove[T kube.Object](ctx context.Context, obs Observer, res objectClient[T], resource, name, what string, check func(cur T) error) (T, error) {
	var zero T
	var first types.UID
	backoff := conflictBackoff
	for {
		cur, err := res.Get(ctx, name, metav1.GetOptions{})
		obs.APICall("get", resource, err)
		if err != nil {
			return zero, fromKube(err, what)
		}
		// The object the caller meant is gone if another now has its
		// name: the delete must not reach the newcomer.
		if first == "" {
			first = cur.GetUID()
		} else if cur.GetUID() != first {
			return zero, &Error{Reason: NotFound, Message: "not found"}
		}
		if check != nil {
			if err := check(cur); err != nil {
				return zero, err
			}
		}
		uid, rv := cur.GetUID(), cur.GetResourceVersion()
		err = res.Delete(ctx, name, metav1.DeleteOptions{
			Preconditions: &metav1.Preconditions{UID: &uid, ResourceVersion: &rv},
		})
		obs.APICall("delete", resource, err)
		if apierrors.IsConflict(err) && retryAfterConflict(ctx, &backoff) {
			obs.Retried(resource)
			continue
		}
		if err != nil {
			return zero, fromKube(err, what)
		}
		return cur, nil
	}
}

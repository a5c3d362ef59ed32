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
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Reason classifies a failed action; the HTTP layer maps each to a status.
type Reason int

const (
	// NotFound: the object does not exist.
	NotFound Reason = iota + 1
	// AlreadyExists: a create found the name taken.
	AlreadyExists
	// Conflict: a precondition (revision, pause state, in use) failed.
	Conflict
	// BadRequest: a patch could not be applied or its result decoded.
	BadRequest
	// InvalidRequest: the request body (or a patch's result) broke a rule
	// the BFF checks on its own; Fields hold one error per field, rooted
	// at the request's envelope ("data.…").
	InvalidRequest
	// Invalid: the request is well formed but refers to things that do not
	// fit (unknown kind or option, unmountable volume); Fields hold one
	// error per field of the object.
	Invalid
	// KubernetesInvalid: the API server rejected the object; Causes are its.
	KubernetesInvalid
	// Unavailable: the API server could not be reached or timed out.
	Unavailable
	// TooLarge: the API server found the object too large to store.
	TooLarge
	// Forbidden: the object may not be changed through the BFF (a PVC or
	// Secret without the can-update label).
	Forbidden
	// Denied: a filter rule of the kind denies (api.deny) the kind or a
	// selected option value in the Workspace's namespace; Message is the
	// rule's denyMessage.
	Denied
)

// Error is a failed action.
type Error struct {
	Reason  Reason
	Message string
	// Fields explain InvalidRequest and Invalid.
	Fields field.ErrorList
	// Causes are the API server's explanation of KubernetesInvalid and
	// Conflict.
	Causes []metav1.StatusCause
	// ConflictCauses explain a Conflict in the user's terms.
	ConflictCauses []ConflictCause
	// Err is the underlying error, for logs.
	Err error
}

// ConflictCause is one reason for a Conflict, and who decided it.
type ConflictCause struct {
	// Kubernetes is true when the API server decided it.
	Kubernetes bool
	Message    string
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func conflict(message string, causes ...ConflictCause) *Error {
	return &Error{Reason: Conflict, Message: message, ConflictCauses: causes}
}

// revisionConflict is a stale revision: upstream (#1248, beta.1) explains
// it with one INTERNAL cause carrying the message itself.
func revisionConflict(message string) *Error {
	return conflict(message, ConflictCause{Message: message})
}

func invalid(errs field.ErrorList) *Error {
	return &Error{Reason: Invalid, Message: errs.ToAggregate().Error(), Fields: errs}
}

// InvalidRequest wraps body validation errors.
func invalidRequest(errs field.ErrorList) *Error {
	return &Error{Reason: InvalidRequest, Message: errs.ToAggregate().Error(), Fields: errs}
}

// fromKube translates an API server error; what has no better meaning stays
// as it is and becomes a 500. what names the object for AlreadyExists, as
// upstream words it ("workspace already exists").
func fromKube(err error, what string) error {
	if err == nil {
		return nil
	}
	var status apierrors.APIStatus
	switch {
	case apierrors.IsNotFound(err):
		return &Error{Reason: NotFound, Message: "not found", Err: err}
	case apierrors.IsAlreadyExists(err):
		return &Error{Reason: AlreadyExists, Message: what + " already exists", Err: err}
	case apierrors.IsInvalid(err):
		return &Error{Reason: KubernetesInvalid, Message: "invalid", Causes: causes(err), Err: err}
	case apierrors.IsConflict(err):
		e := &Error{Reason: Conflict, Message: "conflict", Causes: causes(err), Err: err}
		for _, c := range e.Causes {
			e.ConflictCauses = append(e.ConflictCauses, ConflictCause{Kubernetes: true, Message: c.Message})
		}
		if len(e.ConflictCauses) == 0 {
			e.ConflictCauses = []ConflictCause{{Kubernetes: true, Message: apiMessage(err)}}
		}
		return e
	case apierrors.IsServiceUnavailable(err), apierrors.IsTimeout(err), apierrors.IsServerTimeout(err),
		apierrors.IsTooManyRequests(err), isConnectionError(err):
		return &Error{Reason: Unavailable, Message: "the Kubernetes API server is unavailable", Err: err}
	case errors.As(err, &status) && status.Status().Code == http.StatusUnprocessableEntity:
		return &Error{Reason: KubernetesInvalid, Message: "invalid", Causes: causes(err), Err: err}
	case apierrors.IsForbidden(err) && !strings.Contains(apiMessage(err), " cannot "):
		// Not RBAC refusing the BFF (" cannot <verb>", a deployment
		// error, 500) but the API server refusing the object: an
		// admission webhook, a quota, a terminating namespace. The
		// caller can act on it, as on a validation error.
		return &Error{Reason: KubernetesInvalid, Message: "refused", Err: err,
			Causes: append(causes(err), metav1.StatusCause{Type: metav1.CauseTypeForbidden, Message: apiMessage(err)})}
	case apierrors.IsBadRequest(err):
		return &Error{Reason: BadRequest, Message: apiMessage(err), Err: err}
	case apierrors.IsRequestEntityTooLargeError(err):
		return &Error{Reason: TooLarge, Message: apiMessage(err), Err: err}
	}
	return fmt.Errorf("%s: %w", what, err)
}

func causes(err error) []metav1.StatusCause {
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Details != nil {
		return status.Status().Details.Causes
	}
	return nil
}

func apiMessage(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return status.Status().Message
	}
	return err.Error()
}

// isConnectionError reports errors of reaching the API server at all.
func isConnectionError(err error) bool {
	var netErr net.Error
	var opErr *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &opErr) || (errors.As(err, &netErr) && netErr.Timeout())
}

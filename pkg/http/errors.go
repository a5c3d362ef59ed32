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

package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/apihealth"
)

// Error is an error with the HTTP status and envelope it is answered with.
// Handlers return it (or any error, which becomes a 500); writeError is the
// one place that turns errors into HTTP.
type Error struct {
	Status  int
	Message string
	// Cause is sent on 409 and 422 responses (as {} when nil), as upstream.
	Cause *ErrorCause
	// RetryAfter, when set, is sent as the Retry-After header: when a
	// refused (429) request may succeed.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

// ErrorCause explains a 409 or 422.
type ErrorCause struct {
	ConflictCauses   []ConflictCause   `json:"conflict_cause,omitempty"`
	ValidationErrors []ValidationError `json:"validation_errors,omitempty"`
}

// ConflictCause is one reason for a 409.
type ConflictCause struct {
	Origin  string `json:"origin,omitempty"`
	Message string `json:"message,omitempty"`
}

// ValidationError is one invalid field of a 422.
type ValidationError struct {
	Origin  string `json:"origin,omitempty"`
	Type    string `json:"type,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
}

// errorEnvelope is upstream's api.ErrorEnvelope.
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Cause   *ErrorCause `json:"cause,omitempty"`
}

// Messages upstream answers with; the frontend shows them.
const (
	msgNotFound = "the requested resource could not be found"
	msgInternal = "the server encountered a problem and could not process your request"
)

// errNotFound is the error for an unknown route or a missing object.
func errNotFound() *Error { return &Error{Status: http.StatusNotFound, Message: msgNotFound} }

func errMethodNotAllowed(method string) *Error {
	return &Error{Status: http.StatusMethodNotAllowed, Message: "the " + method + " method is not supported for this resource"}
}

// writeError answers with err's envelope: a failed action by its reason,
// an API server that could not be reached with a 503, and errors that are
// not *Error are logged and answered with a 500 that reveals nothing of
// them.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var actionErr *actions.Error
	switch {
	case errors.As(err, &actionErr):
		err = fromAction(actionErr)
	case apihealth.IsUnreachable(err):
		err = &Error{Status: http.StatusServiceUnavailable, Message: msgUnavailable}
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		apiErr = &Error{Status: http.StatusInternalServerError, Message: msgInternal}
	}
	switch {
	case apiErr.RetryAfter > 0:
		w.Header().Set("Retry-After", retryAfterSeconds(apiErr.RetryAfter))
	case apiErr.Status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, apiErr.Status, apiErr.envelope())
}

// envelope is the error's upstream envelope: a cause on every 409 and 422
// ({} when none), none otherwise.
func (e *Error) envelope() errorEnvelope {
	body := errorBody{Code: strconv.Itoa(e.Status), Message: e.Message, Cause: e.Cause}
	if body.Cause == nil && (e.Status == http.StatusConflict || e.Status == http.StatusUnprocessableEntity) {
		body.Cause = &ErrorCause{}
	}
	return errorEnvelope{Error: body}
}

// Messages of 409 and 422 envelopes, as upstream's.
const (
	msgConflictCauses   = "kubernetes conflict error (see .cause.conflict_cause[] for details)"
	msgInvalidBody      = "request body was invalid"
	msgInvalidSemantics = "validation error (see .cause.validation_errors[] for details)"
	msgInvalidKube      = "kubernetes validation error (see .cause.validation_errors[] for details) " +
		"(note: .cause.validation_errors[].field values correspond to the internal k8s object, NOT the request body)"
	msgUnavailable = "the Kubernetes API server is unavailable; try again later"
)

// fromAction maps a failed action to its HTTP answer. Errors without a
// Reason stay internal (500).
func fromAction(e *actions.Error) error {
	switch e.Reason {
	case actions.NotFound:
		return errNotFound()
	case actions.AlreadyExists:
		return &Error{Status: http.StatusConflict, Message: e.Message}
	case actions.Conflict:
		out := &Error{Status: http.StatusConflict, Message: e.Message, Cause: &ErrorCause{}}
		kubernetes := false
		for _, c := range e.ConflictCauses {
			origin := originInternal
			if c.Kubernetes {
				origin, kubernetes = originKubernetes, true
			}
			out.Cause.ConflictCauses = append(out.Cause.ConflictCauses, ConflictCause{Origin: origin, Message: c.Message})
		}
		// A stale revision keeps its own message beside its INTERNAL
		// cause, as upstream's (#1248); other causes get the pointer to
		// them.
		if len(out.Cause.ConflictCauses) > 0 && (kubernetes || e.Message == "") {
			out.Message = msgConflictCauses
		}
		return out
	case actions.BadRequest:
		return &Error{Status: http.StatusBadRequest, Message: e.Message}
	case actions.InvalidRequest:
		return fieldErrors(e.Fields).err(msgInvalidBody)
	case actions.Invalid:
		return fieldErrors(e.Fields).err(msgInvalidSemantics)
	case actions.KubernetesInvalid:
		out := &Error{Status: http.StatusUnprocessableEntity, Message: msgInvalidKube, Cause: &ErrorCause{}}
		for _, c := range e.Causes {
			out.Cause.ValidationErrors = append(out.Cause.ValidationErrors, ValidationError{
				Origin: originKubernetes, Type: string(c.Type), Field: c.Field, Message: c.Message,
			})
		}
		return out
	case actions.TooLarge:
		return &Error{Status: http.StatusRequestEntityTooLarge, Message: e.Message}
	case actions.Unavailable:
		return &Error{Status: http.StatusServiceUnavailable, Message: msgUnavailable}
	case actions.Forbidden:
		return errForbidden() // upstream's message; the reason stays in e
	case actions.Denied:
		return &Error{Status: http.StatusForbidden, Message: e.Message}
	}
	return e // no HTTP meaning: writeError logs it and answers 500
}

// writeJSON encodes v as minified JSON with upstream's content type. It is
// for small, per-request bodies (errors, health); cached reads write
// pre-rendered bytes instead.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only programming errors get here: every value written is a
		// plain struct.
		http.Error(w, msgInternal, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", jsonNoCache.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

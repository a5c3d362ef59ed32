package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
)

// Error is an error with the HTTP status and envelope it is answered with.
// Handlers return it (or any error, which becomes a 500); writeError is the
// one place that turns errors into HTTP.
type Error struct {
	Status  int
	Message string
	// Cause is sent on 409 and 422 responses (as {} when nil), as upstream.
	Cause *ErrorCause
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

// writeError answers with err's envelope. Errors that are not *Error are
// logged and answered with a 500 that reveals nothing of them.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		apiErr = &Error{Status: http.StatusInternalServerError, Message: msgInternal}
	}
	body := errorBody{Code: strconv.Itoa(apiErr.Status), Message: apiErr.Message, Cause: apiErr.Cause}
	if body.Cause == nil && (apiErr.Status == http.StatusConflict || apiErr.Status == http.StatusUnprocessableEntity) {
		body.Cause = &ErrorCause{}
	}
	writeJSON(w, apiErr.Status, errorEnvelope{Error: body})
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
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

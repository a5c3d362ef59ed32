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
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// WorkspaceEvents reads the Events about a Workspace, its StatefulSet and
// its Pod, newest first (pkg/workspaceevents.Reader).
type WorkspaceEvents interface {
	Read(ctx context.Context, ws *v1beta1.Workspace) ([]models.WorkspaceEvent, error)
}

// RefusedEventsUser is a 429 for the caller's Event reads: too many at
// once, or too many a second.
const RefusedEventsUser = "events_user"

const (
	// eventsTimeout bounds one read of a Workspace's Events: a few small
	// lists by field selector.
	eventsTimeout = 10 * time.Second
	// eventsPerSecond and eventsBurst are each user's rate of Event reads.
	// Each read is up to five lists sent with the BFF's own client, whose
	// rate every user's writes share: without a rate, a few reads at a
	// time, repeated, would spend it. A drawer that polls every few
	// seconds, or a walk over a namespace's Workspaces, stays well within.
	eventsPerSecond = 2
	eventsBurst     = 30
)

// workspaceEvents holds the handler of GET .../events.
type workspaceEvents struct {
	objects Objects
	events  WorkspaceEvents
	guard   guard
	// readers counts each user's reads in progress: each is a few live
	// lists, so a user has as many at once as log reads.
	readers  *userSlots
	rate     *auth.Budgets
	refusals RefusalObserver
}

// list answers GET /api/v1/workspaces/{namespace}/{name}/events, beyond
// upstream: why a Workspace is stuck. The Workspace comes from the read
// model (a missing one is a 404 that costs the API server nothing); its
// Events are read live.
func (h workspaceEvents) list(w http.ResponseWriter, r *http.Request) error {
	ws, err := h.guard.workspace(r, h.objects)
	if err != nil {
		return err
	}
	caller := user(r).Name
	var budget *auth.BudgetError
	if err := h.rate.Spend(caller); errors.As(err, &budget) {
		h.refusals.Refused(RefusedEventsUser)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: budget.RetryAfter,
			Message: "you read the events of workspaces more than " + strconv.Itoa(eventsPerSecond) + " times a second; try again in " + retryAfterSeconds(budget.RetryAfter) + " s"}
	}
	if !h.readers.acquire(caller) {
		h.refusals.Refused(RefusedEventsUser)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: time.Second,
			Message: "you are reading the events of " + strconv.Itoa(h.readers.max) + " workspaces already, the most one user may at once; try again when one is done"}
	}
	defer h.readers.release(caller)
	ctx, cancel := context.WithTimeout(r.Context(), eventsTimeout)
	defer cancel()
	events, err := h.events.Read(ctx, ws)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, dataEnvelope{events})
	return nil
}

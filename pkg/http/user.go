package httpapi

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strconv"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// currentUser answers GET /api/v1/user, which the frontend's shared library
// (mod-arch) asks for on every page load: the caller's name, and whether
// they are a cluster admin, decided by a review of auth.ClusterAdmin through
// the authorization cache.
func currentUser(g guard) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := user(r)
		admin, err := g.may(r, auth.ClusterAdmin)
		if err != nil {
			return err
		}
		body, err := json.Marshal(struct {
			Data models.User `json:"data"`
		}{models.User{UserID: u.Name, ClusterAdmin: admin}})
		if err != nil {
			return err
		}
		h := fnv.New64a()
		_, _ = h.Write(body)
		if notModified(w, r, []string{`"user-` + strconv.FormatUint(h.Sum64(), 36) + `"`}) {
			return nil
		}
		writeParts(w, r, len(body), body)
		return nil
	}
}

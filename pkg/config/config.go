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

// Package config turns command-line flags and environment variables into the
// BFF's configuration. Flag and variable names and defaults follow the upstream
// Workspaces BFF so that this binary drops into an existing Kubeflow
// deployment; unlike upstream, a value that does not parse is an error rather
// than a silent fallback to the default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/logging"
)

// Config is the BFF's effective configuration.
type Config struct {
	// Port is the TCP port the API is served on.
	Port int
	// BindAddress is the IP address the API listens on; empty means all
	// interfaces (dev mode defaults it to 127.0.0.1).
	BindAddress string

	// ClientQPS and ClientBurst rate-limit the BFF's own calls to the API server.
	ClientQPS   float64
	ClientBurst int
	// Kubeconfig is an explicit kubeconfig path; empty means the standard
	// resolution (KUBECONFIG, in-cluster, ~/.kube/config).
	Kubeconfig string

	// UserIDHeader carries the caller's user name, set by the authenticating proxy.
	UserIDHeader string
	// UserIDPrefix is stripped from the start of the user name when present.
	UserIDPrefix string
	// GroupsHeader carries the caller's groups, one per header line.
	GroupsHeader string

	// AuthMethod is AuthMethodInternal (the identity headers above) or
	// AuthMethodUserToken (a bearer token in AuthTokenHeader after
	// AuthTokenPrefix, reviewed by the API server; the identity headers
	// are then ignored). Open Data Hub's names.
	AuthMethod      string
	AuthTokenHeader string
	AuthTokenPrefix string
	// TokenAudiences, when set, are the audiences a token must be meant
	// for (upstream proposal #1301's TOKEN_AUDIENCES).
	TokenAudiences []string

	// ProxyURLPrefix is prepended to absolute URLs the BFF generates (asset
	// URLs), for deployments behind a path-rewriting gateway.
	ProxyURLPrefix string

	// SwaggerEnabled serves the OpenAPI document and Swagger UI.
	SwaggerEnabled bool
	// SwaggerHost, SwaggerBasePath and SwaggerScheme are written into the
	// served OpenAPI document, as upstream's Swagger UI metadata.
	SwaggerHost     string
	SwaggerBasePath string
	SwaggerScheme   string

	// ShutdownTimeout bounds how long in-flight requests may take to drain.
	ShutdownTimeout time.Duration
	// ShutdownDelay is how long the BFF keeps serving, with /readyz failing,
	// before it drains: the time load balancers need to stop routing to it.
	ShutdownDelay time.Duration
	// WriteVisibilityTimeout bounds how long a write waits for the read
	// model to serve it before answering with a Warning.
	WriteVisibilityTimeout time.Duration

	// WatchHeartbeat is how often an idle watch stream sends a heartbeat
	// (and rechecks the caller's access); WatchMax bounds open streams,
	// WatchMaxPerUser those of one user.
	WatchHeartbeat  time.Duration
	WatchMax        int
	WatchMaxPerUser int

	// LargeBodyDecodes bounds the request bodies over 64 KiB read and
	// decoded at once.
	LargeBodyDecodes int
	// LogReadsPerUser bounds one user's log reads at once; LogTimeout a
	// whole log response; LogMaxTailLines the tailLines a read may ask.
	LogReadsPerUser int
	LogTimeout      time.Duration
	LogMaxTailLines int64

	// AuthzAllowTTL and AuthzDenyTTL are how long an authorization
	// decision is reused.
	AuthzAllowTTL, AuthzDenyTTL time.Duration
	// AuthzCacheSize bounds the cached authorization decisions.
	AuthzCacheSize int
	// AuthzQPS and AuthzBurst limit the SubjectAccessReviews sent, apart
	// from the client limits, so a namespace scan is not queued behind
	// (or starves) the writes.
	AuthzQPS   float64
	AuthzBurst int
	// AuthzUserQPS and AuthzUserBurst are each user's budget of those
	// reviews, so that one user cannot spend everyone's.
	AuthzUserQPS   float64
	AuthzUserBurst int

	// MetricsBindAddress is the host:port of a listener of its own for
	// /metrics (and pprof); empty serves /metrics on the API listener.
	MetricsBindAddress string
	// Pprof serves net/http/pprof on the metrics listener; it needs
	// MetricsBindAddress, so profiles are never reachable on the API port.
	Pprof bool

	// AccessLog is AccessLogDefault or AccessLogAll: which requests get
	// an access line at info level (see httpapi.AccessLogOptions).
	AccessLog string
	// AccessLogSlow is the duration over which any request is logged.
	AccessLogSlow time.Duration

	// LogFormat is logging.FormatText or logging.FormatJSON.
	LogFormat string
	// LogLevel is the least severe level logged.
	LogLevel slog.Level

	// PrintVersion asks for the version to be printed instead of serving;
	// the rest of the configuration is then not validated.
	PrintVersion bool
}

// Values of --access-log.
const (
	// AccessLogDefault logs writes, failures, refusals and slow requests;
	// successful reads, which a polling frontend repeats every few
	// seconds, only at debug level.
	AccessLogDefault = "default"
	// AccessLogAll logs every request but probes and scrapes.
	AccessLogAll = "all"
)

// Values of --auth-method, as Open Data Hub names them.
const (
	AuthMethodInternal  = "internal"
	AuthMethodUserToken = "user_token"
)

// Listen returns the host:port the API server listens on.
func (c Config) Listen() string {
	return net.JoinHostPort(c.BindAddress, strconv.Itoa(c.Port))
}

// Parse reads the configuration from args (without the program name) and
// the environment through lookupEnv (os.LookupEnv). A flag wins over its
// environment variable, which wins over the default. As upstream, a
// variable set to "" is set: USERID_PREFIX="" strips no prefix. Output
// for -h and usage goes to out.
func Parse(args []string, lookupEnv func(string) (string, bool), out io.Writer) (Config, error) {
	return ParseWith("workspaces-bff", args, lookupEnv, out, nil)
}

// ParseWith is Parse for the command name, whose own flags, when it has
// any (the development command's, hack/harness/devmode), own defines on
// the same flag set.
func ParseWith(name string, args []string, lookupEnv func(string) (string, bool), out io.Writer, own func(*flag.FlagSet)) (Config, error) {
	var c Config
	env := &envReader{lookup: lookupEnv}
	fs := flagSet(name, &c, env)
	if own != nil {
		own(fs)
	}
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if c.PrintVersion {
		return c, nil
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	// Upstream proposal #1301's switch, accepted beside AUTH_METHOD: the
	// two must not disagree.
	if enable := env.bool("ENABLE_TOKEN_AUTH", false); enable {
		_, set := lookupEnv("AUTH_METHOD")
		if (explicit["auth-method"] || set) && c.AuthMethod != AuthMethodUserToken {
			env.errs = append(env.errs, fmt.Errorf("ENABLE_TOKEN_AUTH=true contradicts auth-method %q: set one of them", c.AuthMethod))
		}
		c.AuthMethod = AuthMethodUserToken
	}
	if len(env.errs) > 0 {
		return Config{}, errors.Join(env.errs...)
	}
	return c, c.validate()
}

// flagSet defines the BFF's flags on a new FlagSet, each with c's field as
// its destination and its environment variable, read through env, as its
// default.
func flagSet(name string, c *Config, env *envReader) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.IntVar(&c.Port, "port", env.int("PORT", 4000), "API server port (env PORT)")
	fs.StringVar(&c.BindAddress, "bind-address", env.string("BIND_ADDRESS", ""), "IP address to listen on; empty for all interfaces (workspaces-bff-dev: 127.0.0.1 unless set) (env BIND_ADDRESS)")
	fs.Float64Var(&c.ClientQPS, "client-qps", env.float("CLIENT_QPS", 50), "QPS limit of the Kubernetes client (env CLIENT_QPS)")
	fs.IntVar(&c.ClientBurst, "client-burst", env.int("CLIENT_BURST", 100), "burst limit of the Kubernetes client (env CLIENT_BURST)")
	fs.StringVar(&c.Kubeconfig, "kubeconfig", "", "path to a kubeconfig; empty: KUBECONFIG, else in-cluster, else ~/.kube/config")
	fs.StringVar(&c.UserIDHeader, "userid-header", env.string("USERID_HEADER", "kubeflow-userid"), "request header with the user name (env USERID_HEADER)")
	fs.StringVar(&c.UserIDPrefix, "userid-prefix", env.string("USERID_PREFIX", ":"), "prefix stripped from the user name (env USERID_PREFIX)")
	fs.StringVar(&c.GroupsHeader, "groups-header", env.string("GROUPS_HEADER", "kubeflow-groups"), "request header with the user's groups, one per line (env GROUPS_HEADER)")
	fs.StringVar(&c.AuthMethod, "auth-method", env.string("AUTH_METHOD", AuthMethodInternal), "how callers are identified: internal (the trusted identity headers, --userid-header and --groups-header) or user_token (a Kubernetes bearer token, reviewed by the API server; the identity headers are ignored). ENABLE_TOKEN_AUTH=true also selects user_token (env AUTH_METHOD)")
	fs.StringVar(&c.AuthTokenHeader, "auth-token-header", env.string("AUTH_TOKEN_HEADER", "Authorization"), "request header with the bearer token, in user_token mode (env AUTH_TOKEN_HEADER)")
	fs.StringVar(&c.AuthTokenPrefix, "auth-token-prefix", env.string("AUTH_TOKEN_PREFIX", "Bearer "), "what precedes the token in its header, matched without regard to case; may be empty (env AUTH_TOKEN_PREFIX)")
	fs.Func("token-audiences", "comma-separated audiences a token must be meant for, in user_token mode; empty: the API server's (env TOKEN_AUDIENCES)", func(v string) error {
		c.TokenAudiences = audiences(v)
		return nil
	})
	c.TokenAudiences = audiences(env.string("TOKEN_AUDIENCES", ""))
	fs.StringVar(&c.ProxyURLPrefix, "proxy-url-prefix", env.string("PROXY_URL_PREFIX", ""), "prefix of generated absolute URLs, e.g. /workspaces behind Istio (env PROXY_URL_PREFIX)")
	fs.BoolVar(&c.SwaggerEnabled, "swagger-enabled", env.bool("SWAGGER_ENABLED", false), "serve the OpenAPI document and Swagger UI (env SWAGGER_ENABLED)")
	fs.StringVar(&c.SwaggerHost, "swagger-host", env.string("SWAGGER_HOST", "localhost:4000"), "host[:port] of the API in the OpenAPI document (env SWAGGER_HOST)")
	fs.StringVar(&c.SwaggerBasePath, "swagger-base-path", env.string("SWAGGER_BASE_PATH", "/api/v1"), "base path of the API in the OpenAPI document (env SWAGGER_BASE_PATH)")
	fs.StringVar(&c.SwaggerScheme, "swagger-scheme", env.string("SWAGGER_SCHEME", "http"), "scheme of the API in the OpenAPI document: http or https, or both comma-separated (env SWAGGER_SCHEME)")
	fs.DurationVar(&c.WriteVisibilityTimeout, "write-visibility-timeout", env.duration("WRITE_VISIBILITY_TIMEOUT", 3*time.Second), "how long a write waits until reads serve it before answering with a Warning (env WRITE_VISIBILITY_TIMEOUT)")
	fs.DurationVar(&c.AuthzAllowTTL, "authz-allow-ttl", env.duration("AUTHZ_ALLOW_TTL", 10*time.Second), "how long an allow decision is reused (env AUTHZ_ALLOW_TTL)")
	fs.DurationVar(&c.AuthzDenyTTL, "authz-deny-ttl", env.duration("AUTHZ_DENY_TTL", 10*time.Second), "how long a deny decision is reused (env AUTHZ_DENY_TTL)")
	fs.IntVar(&c.AuthzCacheSize, "authz-cache-size", env.int("AUTHZ_CACHE_SIZE", 100000), "most authorization decisions kept; the least recently used go first (env AUTHZ_CACHE_SIZE)")
	fs.Float64Var(&c.AuthzQPS, "authz-qps", env.float("AUTHZ_QPS", 500), "QPS limit of SubjectAccessReviews (env AUTHZ_QPS)")
	fs.IntVar(&c.AuthzBurst, "authz-burst", env.int("AUTHZ_BURST", 1000), "burst limit of SubjectAccessReviews (env AUTHZ_BURST)")
	fs.Float64Var(&c.AuthzUserQPS, "authz-user-qps", env.float("AUTHZ_USER_QPS", 25), "each user's QPS budget of uncached access reviews; beyond it 429 (env AUTHZ_USER_QPS)")
	fs.IntVar(&c.AuthzUserBurst, "authz-user-burst", env.int("AUTHZ_USER_BURST", 100), "each user's burst of uncached access reviews (env AUTHZ_USER_BURST)")
	fs.DurationVar(&c.WatchHeartbeat, "watch-heartbeat", env.duration("WATCH_HEARTBEAT", 15*time.Second), "how often an idle watch stream (?watch=true) sends a heartbeat and rechecks the caller's access (env WATCH_HEARTBEAT)")
	fs.IntVar(&c.WatchMax, "watch-max", env.int("WATCH_MAX", 10000), "most watch streams open at once; more are answered 429 (env WATCH_MAX)")
	fs.IntVar(&c.WatchMaxPerUser, "watch-max-per-user", env.int("WATCH_MAX_PER_USER", 20), "most watch streams one user may have open at once; more are answered 429 (env WATCH_MAX_PER_USER)")
	fs.IntVar(&c.LargeBodyDecodes, "large-body-decodes", env.int("LARGE_BODY_DECODES", 4), "most request bodies over 64 KiB read and decoded at once; others wait 1s, then 429 (env LARGE_BODY_DECODES)")
	fs.IntVar(&c.LogReadsPerUser, "log-reads-per-user", env.int("LOG_READS_PER_USER", 4), "most workspace logs (batch or followed) one user may read at once, and as many workspace event reads; more are answered 429 (env LOG_READS_PER_USER)")
	fs.DurationVar(&c.LogTimeout, "log-timeout", env.duration("LOG_TIMEOUT", 2*time.Minute), "longest a workspace log response may take, however slowly the client reads; a followed log ends then and its client resumes (env LOG_TIMEOUT)")
	fs.Int64Var(&c.LogMaxTailLines, "log-max-tail-lines", int64(env.int("LOG_MAX_TAIL_LINES", 10000)), "largest tailLines a workspace log read may ask for (env LOG_MAX_TAIL_LINES)")
	fs.DurationVar(&c.ShutdownDelay, "shutdown-delay", env.duration("SHUTDOWN_DELAY", 5*time.Second), "on SIGTERM, how long /readyz fails while the BFF keeps serving, so load balancers stop routing to it, before draining (workspaces-bff-dev: 0 unless set) (env SHUTDOWN_DELAY)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", env.duration("SHUTDOWN_TIMEOUT", 20*time.Second), "how long in-flight requests may drain on shutdown (env SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.MetricsBindAddress, "metrics-bind-address", env.string("METRICS_BIND_ADDRESS", ""), "host:port of a separate listener for /metrics (and pprof); empty serves /metrics on the API port (env METRICS_BIND_ADDRESS)")
	fs.BoolVar(&c.Pprof, "pprof", env.bool("PPROF", false), "serve net/http/pprof under /debug/pprof/ on the metrics listener; needs --metrics-bind-address (env PPROF)")
	fs.StringVar(&c.AccessLog, "access-log", env.string("ACCESS_LOG", AccessLogDefault), "which requests get an access line at info level: default (writes, errors, 4xx but 404, slow requests; successful reads at debug) or all (env ACCESS_LOG)")
	fs.DurationVar(&c.AccessLogSlow, "access-log-slow", env.duration("ACCESS_LOG_SLOW", time.Second), "a request taking longer is logged at info whatever its answer; 0 for none (env ACCESS_LOG_SLOW)")
	fs.StringVar(&c.LogFormat, "log-format", env.string("LOG_FORMAT", logging.FormatText), "log format: text or json (env LOG_FORMAT)")
	fs.TextVar(&c.LogLevel, "log-level", env.level("LOG_LEVEL", slog.LevelInfo), "least severe level logged: debug, info, warn or error (env LOG_LEVEL)")

	fs.BoolVar(&c.PrintVersion, "version", false, "print the version, revision and Go version, and exit")
	return fs
}

// validate reports every invalid value at once, so a misconfigured
// deployment is fixed in one round.
func (c Config) validate() error {
	var errs []error
	if c.Port < 1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("port %d: must be between 1 and 65535", c.Port))
	}
	if c.BindAddress != "" && net.ParseIP(c.BindAddress) == nil {
		errs = append(errs, fmt.Errorf("bind-address %q: not an IP address", c.BindAddress))
	}
	if c.ClientQPS <= 0 {
		errs = append(errs, fmt.Errorf("client-qps %v: must be greater than 0", c.ClientQPS))
	}
	if c.ClientBurst < 1 {
		errs = append(errs, fmt.Errorf("client-burst %d: must be at least 1", c.ClientBurst))
	}
	if strings.TrimSpace(c.UserIDHeader) == "" {
		errs = append(errs, errors.New("userid-header: must not be empty"))
	}
	if strings.TrimSpace(c.GroupsHeader) == "" {
		errs = append(errs, errors.New("groups-header: must not be empty"))
	}
	switch c.AuthMethod {
	case AuthMethodInternal:
		if len(c.TokenAudiences) > 0 {
			errs = append(errs, errors.New("token-audiences: only with auth-method user_token"))
		}
	case AuthMethodUserToken:
		if strings.TrimSpace(c.AuthTokenHeader) == "" {
			errs = append(errs, errors.New("auth-token-header: must not be empty with auth-method user_token"))
		}
	default:
		errs = append(errs, fmt.Errorf("auth-method %q: must be %s or %s", c.AuthMethod, AuthMethodInternal, AuthMethodUserToken))
	}
	if c.ProxyURLPrefix != "" && !strings.HasPrefix(c.ProxyURLPrefix, "/") {
		errs = append(errs, fmt.Errorf("proxy-url-prefix %q: must start with /", c.ProxyURLPrefix))
	}
	for _, scheme := range strings.Split(c.SwaggerScheme, ",") {
		if s := strings.TrimSpace(scheme); s != "http" && s != "https" {
			errs = append(errs, fmt.Errorf("swagger-scheme %q: must be http or https, or both comma-separated", c.SwaggerScheme))
			break
		}
	}
	if c.SwaggerBasePath != "" && !strings.HasPrefix(c.SwaggerBasePath, "/") {
		errs = append(errs, fmt.Errorf("swagger-base-path %q: must start with /", c.SwaggerBasePath))
	}
	if c.WriteVisibilityTimeout <= 0 {
		errs = append(errs, fmt.Errorf("write-visibility-timeout %v: must be positive", c.WriteVisibilityTimeout))
	}
	if c.AuthzAllowTTL < 0 || c.AuthzDenyTTL < 0 {
		errs = append(errs, fmt.Errorf("authz-allow-ttl %v, authz-deny-ttl %v: must not be negative", c.AuthzAllowTTL, c.AuthzDenyTTL))
	}
	if c.AuthzCacheSize < 1 {
		errs = append(errs, fmt.Errorf("authz-cache-size %d: must be positive", c.AuthzCacheSize))
	}
	if c.AuthzQPS <= 0 || c.AuthzBurst < 1 {
		errs = append(errs, fmt.Errorf("authz-qps %v, authz-burst %d: must be positive", c.AuthzQPS, c.AuthzBurst))
	}
	if c.AuthzUserQPS <= 0 || c.AuthzUserBurst < 1 {
		errs = append(errs, fmt.Errorf("authz-user-qps %v, authz-user-burst %d: must be positive", c.AuthzUserQPS, c.AuthzUserBurst))
	}
	if c.WatchMaxPerUser < 1 {
		errs = append(errs, fmt.Errorf("watch-max-per-user %d: must be positive", c.WatchMaxPerUser))
	}
	if c.LargeBodyDecodes < 1 {
		errs = append(errs, fmt.Errorf("large-body-decodes %d: must be positive", c.LargeBodyDecodes))
	}
	if c.LogReadsPerUser < 1 || c.LogTimeout <= 0 || c.LogMaxTailLines < 1 {
		errs = append(errs, fmt.Errorf("log-reads-per-user %d, log-timeout %v, log-max-tail-lines %d: must be positive", c.LogReadsPerUser, c.LogTimeout, c.LogMaxTailLines))
	}
	if c.ShutdownDelay < 0 {
		errs = append(errs, fmt.Errorf("shutdown-delay %v: must not be negative", c.ShutdownDelay))
	}
	if c.WatchHeartbeat <= 0 || c.WatchMax < 1 {
		errs = append(errs, fmt.Errorf("watch-heartbeat %v, watch-max %d: must be positive", c.WatchHeartbeat, c.WatchMax))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown-timeout %v: must be positive", c.ShutdownTimeout))
	}
	if c.MetricsBindAddress != "" {
		if err := c.validateMetricsAddress(); err != nil {
			errs = append(errs, fmt.Errorf("metrics-bind-address %q: %w", c.MetricsBindAddress, err))
		}
	}
	if c.Pprof && c.MetricsBindAddress == "" {
		errs = append(errs, errors.New("pprof: needs --metrics-bind-address (profiles are never served on the API port)"))
	}
	if c.AccessLog != AccessLogDefault && c.AccessLog != AccessLogAll {
		errs = append(errs, fmt.Errorf("access-log %q: must be %s or %s", c.AccessLog, AccessLogDefault, AccessLogAll))
	}
	if c.AccessLogSlow < 0 {
		errs = append(errs, fmt.Errorf("access-log-slow %v: must not be negative", c.AccessLogSlow))
	}
	if c.LogFormat != logging.FormatText && c.LogFormat != logging.FormatJSON {
		errs = append(errs, fmt.Errorf("log-format %q: must be %s or %s", c.LogFormat, logging.FormatText, logging.FormatJSON))
	}
	return errors.Join(errs...)
}

// validateMetricsAddress checks the metrics listener's host:port, and that
// it cannot be the API listener.
func (c Config) validateMetricsAddress() error {
	host, portStr, err := net.SplitHostPort(c.MetricsBindAddress)
	if err != nil {
		return errors.New("must be host:port, e.g. :9090 or 127.0.0.1:9090")
	}
	if host != "" && net.ParseIP(host) == nil {
		return errors.New("host is not an IP address")
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return errors.New("port must be between 1 and 65535")
	}
	if port == c.Port && (host == "" || c.BindAddress == "" || net.ParseIP(host).Equal(net.ParseIP(c.BindAddress))) {
		return errors.New("must differ from the API listener (--bind-address, --port)")
	}
	return nil
}

// LogValue is the configuration as the startup log shows it. Every field
// is listed by hand, so a field added later is not logged until someone
// decides it is no secret (TestLogValueNamesEveryField fails until then).
func (c Config) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Int("port", c.Port),
		slog.String("bind-address", c.BindAddress),
		slog.Float64("client-qps", c.ClientQPS),
		slog.Int("client-burst", c.ClientBurst),
		slog.String("kubeconfig", c.Kubeconfig), // a path, not its contents
		slog.String("userid-header", c.UserIDHeader),
		slog.String("userid-prefix", c.UserIDPrefix),
		slog.String("groups-header", c.GroupsHeader),
		slog.String("auth-method", c.AuthMethod),
		slog.String("auth-token-header", c.AuthTokenHeader),
		slog.String("auth-token-prefix", c.AuthTokenPrefix),
		slog.Any("token-audiences", c.TokenAudiences),
		slog.String("proxy-url-prefix", c.ProxyURLPrefix),
		slog.Bool("swagger-enabled", c.SwaggerEnabled),
		slog.String("swagger-host", c.SwaggerHost),
		slog.String("swagger-base-path", c.SwaggerBasePath),
		slog.String("swagger-scheme", c.SwaggerScheme),
		slog.Duration("shutdown-delay", c.ShutdownDelay),
		slog.Duration("shutdown-timeout", c.ShutdownTimeout),
		slog.Duration("write-visibility-timeout", c.WriteVisibilityTimeout),
		slog.Duration("watch-heartbeat", c.WatchHeartbeat),
		slog.Int("watch-max", c.WatchMax),
		slog.Int("watch-max-per-user", c.WatchMaxPerUser),
		slog.Int("large-body-decodes", c.LargeBodyDecodes),
		slog.Int("log-reads-per-user", c.LogReadsPerUser),
		slog.Duration("log-timeout", c.LogTimeout),
		slog.Int64("log-max-tail-lines", c.LogMaxTailLines),
		slog.Duration("authz-allow-ttl", c.AuthzAllowTTL),
		slog.Duration("authz-deny-ttl", c.AuthzDenyTTL),
		slog.Int("authz-cache-size", c.AuthzCacheSize),
		slog.Float64("authz-qps", c.AuthzQPS),
		slog.Int("authz-burst", c.AuthzBurst),
		slog.Float64("authz-user-qps", c.AuthzUserQPS),
		slog.Int("authz-user-burst", c.AuthzUserBurst),
		slog.String("metrics-bind-address", c.MetricsBindAddress),
		slog.Bool("pprof", c.Pprof),
		slog.String("access-log", c.AccessLog),
		slog.Duration("access-log-slow", c.AccessLogSlow),
		slog.String("log-format", c.LogFormat),
		slog.String("log-level", c.LogLevel.String()),
		slog.Bool("version", c.PrintVersion),
	}
	return slog.GroupValue(attrs...)
}

// audiences splits a comma-separated list, dropping empty entries.
func audiences(v string) []string {
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// envReader reads typed environment variables, collecting parse errors
// instead of falling back to defaults. A variable set to "" is set: a
// string is then "", and a number, boolean or duration is invalid.
type envReader struct {
	lookup func(string) (string, bool)
	errs   []error
}

func (e *envReader) string(name, def string) string {
	if v, ok := e.lookup(name); ok {
		return v
	}
	return def
}

func (e *envReader) int(name string, def int) int {
	return parseEnv(e, name, def, strconv.Atoi)
}

func (e *envReader) float(name string, def float64) float64 {
	return parseEnv(e, name, def, func(s string) (float64, error) { return strconv.ParseFloat(s, 64) })
}

func (e *envReader) bool(name string, def bool) bool {
	return parseEnv(e, name, def, strconv.ParseBool)
}

func (e *envReader) duration(name string, def time.Duration) time.Duration {
	return parseEnv(e, name, def, time.ParseDuration)
}

func (e *envReader) level(name string, def slog.Level) *slog.Level {
	l := parseEnv(e, name, def, func(s string) (slog.Level, error) {
		var l slog.Level
		return l, l.UnmarshalText([]byte(s))
	})
	return &l
}

func parseEnv[T any](e *envReader, name string, def T, parse func(string) (T, error)) T {
	raw, ok := e.lookup(name)
	if !ok {
		return def
	}
	v, err := parse(strings.TrimSpace(raw))
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("environment variable %s=%q: invalid value", name, raw))
		return def
	}
	return v
}

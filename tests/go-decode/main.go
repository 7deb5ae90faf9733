// go-decode reads a config.toml the way gitlab-runner does (BurntSushi/toml into structs
// carrying gitlab-runner's TOML tags, from common/config.go, cache/cacheconfig, the docker,
// kubernetes, autoscaler and docker-machine configs) and fails if the decode fails or if a
// key runnerctl writes was left undecoded (misplaced). It prints a summary as JSON, without
// tokens.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

type SessionServer struct {
	ListenAddress    string `toml:"listen_address"`
	AdvertiseAddress string `toml:"advertise_address"`
	SessionTimeout   int    `toml:"session_timeout"`
}

type CacheS3Config struct {
	ServerAddress      string `toml:"ServerAddress"`
	AccessKey          string `toml:"AccessKey"`
	SecretKey          string `toml:"SecretKey"`
	BucketName         string `toml:"BucketName"`
	BucketLocation     string `toml:"BucketLocation"`
	Insecure           bool   `toml:"Insecure"`
	AuthenticationType string `toml:"AuthenticationType"`
}

type CacheConfig struct {
	Type                   string         `toml:"Type"`
	Path                   string         `toml:"Path"`
	Shared                 bool           `toml:"Shared"`
	MaxUploadedArchiveSize int64          `toml:"MaxUploadedArchiveSize"`
	S3                     *CacheS3Config `toml:"s3"`
}

// StringOrArray mirrors gitlab-runner's pull_policy type: one string or a list.
type StringOrArray []string

func (p *StringOrArray) UnmarshalTOML(data interface{}) error {
	switch v := data.(type) {
	case string:
		*p = StringOrArray{v}
	case []interface{}:
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				return fmt.Errorf("pull_policy: %v is not a string", item)
			}
			*p = append(*p, s)
		}
	default:
		return fmt.Errorf("pull_policy: invalid type %T", data)
	}
	return nil
}

type DockerConfig struct {
	Host          string        `toml:"host"`
	TLSVerify     bool          `toml:"tls_verify"`
	Image         string        `toml:"image"`
	Privileged    bool          `toml:"privileged"`
	DisableCache  bool          `toml:"disable_cache"`
	Volumes       []string      `toml:"volumes"`
	ShmSize       int64         `toml:"shm_size"`
	NetworkMode   string        `toml:"network_mode"`
	PullPolicy    StringOrArray `toml:"pull_policy"`
	AllowedImages []string      `toml:"allowed_images"`
}

type KubernetesConfig struct {
	Host       string `toml:"host"`
	Namespace  string `toml:"namespace"`
	Image      string `toml:"image"`
	Privileged *bool  `toml:"privileged"`
}

type AutoscalerPolicyConfig struct {
	Periods     []string      `toml:"periods"`
	Timezone    string        `toml:"timezone"`
	IdleCount   int           `toml:"idle_count"`
	IdleTime    time.Duration `toml:"idle_time"`
	ScaleFactor float64       `toml:"scale_factor"`
}

type ConnectorConfig struct {
	OS       string `toml:"os"`
	Arch     string `toml:"arch"`
	Protocol string `toml:"protocol"`
	Username string `toml:"username"`
	KeyPath  string `toml:"key_path"`
}

type AutoscalerConfig struct {
	Plugin              string                   `toml:"plugin"`
	CapacityPerInstance int                      `toml:"capacity_per_instance"`
	MaxUseCount         int                      `toml:"max_use_count"`
	MaxInstances        int                      `toml:"max_instances"`
	PluginConfig        map[string]interface{}   `toml:"plugin_config"`
	ConnectorConfig     ConnectorConfig          `toml:"connector_config"`
	Policy              []AutoscalerPolicyConfig `toml:"policy"`
}

type DockerMachine struct {
	MaxGrowthRate  int      `toml:"MaxGrowthRate"`
	IdleCount      int      `toml:"IdleCount"`
	IdleTime       int      `toml:"IdleTime"`
	MaxBuilds      int      `toml:"MaxBuilds"`
	MachineDriver  string   `toml:"MachineDriver"`
	MachineName    string   `toml:"MachineName"`
	MachineOptions []string `toml:"MachineOptions"`
}

type CustomConfig struct {
	ConfigExec  string `toml:"config_exec"`
	PrepareExec string `toml:"prepare_exec"`
	RunExec     string `toml:"run_exec"`
	CleanupExec string `toml:"cleanup_exec"`
}

type SSHConfig struct {
	User         string `toml:"user"`
	Password     string `toml:"password"`
	Host         string `toml:"host"`
	Port         string `toml:"port"`
	IdentityFile string `toml:"identity_file"`
}

type ParallelsConfig struct {
	BaseName         string `toml:"base_name"`
	TemplateName     string `toml:"template_name"`
	DisableSnapshots bool   `toml:"disable_snapshots"`
}

type VirtualBoxConfig struct {
	BaseName         string `toml:"base_name"`
	BaseSnapshot     string `toml:"base_snapshot"`
	DisableSnapshots bool   `toml:"disable_snapshots"`
}

type RunnerCredentials struct {
	URL             string    `toml:"url"`
	ID              int64     `toml:"id"`
	Token           string    `toml:"token"`
	TokenObtainedAt time.Time `toml:"token_obtained_at"`
	TokenExpiresAt  time.Time `toml:"token_expires_at"`
	TLSCAFile       string    `toml:"tls-ca-file"`
	TLSCertFile     string    `toml:"tls-cert-file"`
	TLSKeyFile      string    `toml:"tls-key-file"`
}

type RunnerSettings struct {
	Executor           string            `toml:"executor"`
	BuildsDir          string            `toml:"builds_dir"`
	CacheDir           string            `toml:"cache_dir"`
	CloneURL           string            `toml:"clone_url"`
	Environment        []string          `toml:"environment"`
	Shell              string            `toml:"shell"`
	DebugTraceDisabled bool              `toml:"debug_trace_disabled"`
	FeatureFlags       map[string]bool   `toml:"feature_flags"`
	Cache              *CacheConfig      `toml:"cache"`
	Docker             *DockerConfig     `toml:"docker"`
	Kubernetes         *KubernetesConfig `toml:"kubernetes"`
	Autoscaler         *AutoscalerConfig `toml:"autoscaler"`
	Machine            *DockerMachine    `toml:"machine"`
	Custom             *CustomConfig     `toml:"custom"`
	SSH                *SSHConfig        `toml:"ssh"`
	Parallels          *ParallelsConfig  `toml:"parallels"`
	VirtualBox         *VirtualBoxConfig `toml:"virtualbox"`
}

type RunnerConfig struct {
	Name                   string         `toml:"name"`
	Limit                  int            `toml:"limit"`
	OutputLimit            int            `toml:"output_limit"`
	RequestConcurrency     int            `toml:"request_concurrency"`
	UnhealthyRequestsLimit int            `toml:"unhealthy_requests_limit"`
	UnhealthyInterval      *time.Duration `toml:"unhealthy_interval"`
	RunnerCredentials
	RunnerSettings
}

type Config struct {
	ListenAddress    string          `toml:"listen_address"`
	SessionServer    SessionServer   `toml:"session_server"`
	Concurrent       int             `toml:"concurrent"`
	CheckInterval    int             `toml:"check_interval"`
	LogLevel         *string         `toml:"log_level"`
	LogFormat        *string         `toml:"log_format"`
	User             string          `toml:"user"`
	Runners          []*RunnerConfig `toml:"runners"`
	SentryDSN        *string         `toml:"sentry_dsn"`
	ConnectionMaxAge *time.Duration  `toml:"connection_max_age"`
	ShutdownTimeout  int             `toml:"shutdown_timeout"`
}

// Keys runnerctl writes: left undecoded, one of them would be misplaced.
var writtenKeys = map[string]bool{
	"concurrent": true, "check_interval": true, "session_server": true, "session_timeout": true,
	"runners": true, "name": true, "url": true, "id": true, "token": true,
	"token_obtained_at": true, "token_expires_at": true, "executor": true,
	"docker": true, "image": true, "privileged": true, "disable_cache": true, "volumes": true,
	"shm_size": true, "kubernetes": true, "namespace": true, "autoscaler": true, "plugin": true,
	"capacity_per_instance": true, "max_use_count": true, "max_instances": true, "policy": true,
	"idle_count": true, "idle_time": true, "machine": true, "IdleCount": true, "IdleTime": true,
	"MaxBuilds": true, "MachineDriver": true, "MachineName": true, "MachineOptions": true,
	"custom": true, "ssh": true, "parallels": true, "virtualbox": true,
}

type runnerSummary struct {
	Name             string `json:"name"`
	URL              string `json:"url"`
	ID               int64  `json:"id"`
	Executor         string `json:"executor"`
	HasToken         bool   `json:"has_token"`
	TokenObtainedAt  string `json:"token_obtained_at"`
	TokenExpiresZero bool   `json:"token_expires_zero"`
	DockerImage      string `json:"docker_image,omitempty"`
	KubernetesNS     string `json:"kubernetes_namespace,omitempty"`
	AutoscalerPlugin string `json:"autoscaler_plugin,omitempty"`
	IdleTime         string `json:"idle_time,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-decode CONFIG.toml")
		os.Exit(2)
	}
	var config Config
	md, err := toml.DecodeFile(os.Args[1], &config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "decoding configuration file: %v\n", err)
		os.Exit(1)
	}
	var misplaced []string
	for _, key := range md.Undecoded() {
		if len(key) > 0 && writtenKeys[key[len(key)-1]] {
			misplaced = append(misplaced, key.String())
		}
	}
	if len(misplaced) > 0 {
		fmt.Fprintf(os.Stderr, "undecoded keys: %s\n", strings.Join(misplaced, ", "))
		os.Exit(1)
	}
	summary := struct {
		Concurrent int             `json:"concurrent"`
		Runners    []runnerSummary `json:"runners"`
	}{Concurrent: config.Concurrent, Runners: []runnerSummary{}}
	for _, runner := range config.Runners {
		s := runnerSummary{
			Name:             runner.Name,
			URL:              runner.URL,
			ID:               runner.ID,
			Executor:         runner.Executor,
			HasToken:         runner.Token != "",
			TokenObtainedAt:  runner.TokenObtainedAt.UTC().Format(time.RFC3339),
			TokenExpiresZero: runner.TokenExpiresAt.IsZero(),
		}
		if runner.Docker != nil {
			s.DockerImage = runner.Docker.Image
		}
		if runner.Kubernetes != nil {
			s.KubernetesNS = runner.Kubernetes.Namespace
		}
		if runner.Autoscaler != nil {
			s.AutoscalerPlugin = runner.Autoscaler.Plugin
			if len(runner.Autoscaler.Policy) > 0 {
				s.IdleTime = runner.Autoscaler.Policy[0].IdleTime.String()
			}
		}
		summary.Runners = append(summary.Runners, s)
	}
	out, err := json.Marshal(summary)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}

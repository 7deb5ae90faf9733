// go-decode-runner reads a .runner the way the runners do: encoding/json into the
// Registration struct with the JSON tags of internal/pkg/config/registration.go (Gitea's
// act_runner/Gitea Runner, whose struct adds `ephemeral` to forgejo-runner's). Go 1.19 has no
// encoding/json/v2, so this is forgejo-runner's and act_runner's decoder; runnerctl's parser
// is the stricter of the two.
//
//	go-decode-runner decode FILE        prints a summary as JSON, without the token
//	go-decode-runner reencode FILE KIND writes what the runner's encoding/json Encoder writes
//	                                    for the decoded file (KIND gitea or forgejo)
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// Registration is gitea's: internal/pkg/config/registration.go.
type Registration struct {
	Warning string `json:"WARNING"`

	ID        int64    `json:"id"`
	UUID      string   `json:"uuid"`
	Name      string   `json:"name"`
	Token     string   `json:"token"`
	Address   string   `json:"address"`
	Labels    []string `json:"labels"`
	Ephemeral bool     `json:"ephemeral"`
}

// ForgejoRegistration is forgejo-runner's: internal/pkg/config/registration.go.
type ForgejoRegistration struct {
	Warning string `json:"WARNING"`

	ID      int64    `json:"id"`
	UUID    string   `json:"uuid"`
	Name    string   `json:"name"`
	Token   string   `json:"token"`
	Address string   `json:"address"`
	Labels  []string `json:"labels"`
}

func load(file string) Registration {
	f, err := os.Open(file)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	var reg Registration
	// As LoadRegistration does.
	if err := json.NewDecoder(f).Decode(&reg); err != nil {
		fail(err)
	}
	return reg
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail(fmt.Errorf("usage: go-decode-runner decode FILE | reencode FILE KIND"))
	}
	reg := load(os.Args[2])
	switch os.Args[1] {
	case "decode":
		summary := map[string]interface{}{
			"warning":   reg.Warning,
			"id":        reg.ID,
			"uuid":      reg.UUID,
			"name":      reg.Name,
			"token_len": len(reg.Token),
			"address":   reg.Address,
			"labels":    reg.Labels,
			"ephemeral": reg.Ephemeral,
		}
		out, err := json.Marshal(summary)
		if err != nil {
			fail(err)
		}
		fmt.Println(string(out))
	case "reencode":
		// As SaveRegistration does (forgejo-runner; act_runner before json/v2).
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		var err error
		if len(os.Args) > 3 && os.Args[3] == "forgejo" {
			err = enc.Encode(ForgejoRegistration{reg.Warning, reg.ID, reg.UUID, reg.Name, reg.Token, reg.Address, reg.Labels})
		} else {
			err = enc.Encode(reg)
		}
		if err != nil {
			fail(err)
		}
	default:
		fail(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
}

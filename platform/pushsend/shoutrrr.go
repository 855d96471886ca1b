package pushsend

import (
	"slices"

	"github.com/nicholas-fedor/shoutrrr/pkg/format"
	"github.com/nicholas-fedor/shoutrrr/pkg/router"
	"github.com/nicholas-fedor/shoutrrr/pkg/types"

	"github.com/authtray/authtray/core/push"
)

// sendShoutrrr sends p through the shoutrrr service of rawURL's scheme:
// the title where the service has one, the facts as fields for a generic
// webhook (its JSON template sends them as keys).
func sendShoutrrr(rawURL string, p push.Payload) error {
	r, err := router.New(nil)
	if err != nil {
		return err
	}
	svc, err := r.Locate(rawURL)
	if err != nil {
		return err
	}
	params := types.Params{}
	pkr := format.NewPropKeyResolver(format.GetServiceConfig(svc))
	keys := pkr.QueryFields()
	if slices.Contains(keys, types.TitleKey) {
		params.SetTitle(p.Title)
	}
	if svc.GetID() == "generic" {
		for k, v := range p.Fields() {
			params[k] = v
		}
	}
	text := p.Text()
	if !slices.Contains(keys, types.TitleKey) {
		text = p.Title + "\n" + text
	}
	return svc.Send(text, &params)
}

// Schemes are the schemes shoutrrr knows, and openclaw.
func Schemes() []string {
	var r router.ServiceRouter
	s := append(r.ListServices(), Scheme)
	slices.Sort(s)
	return s
}

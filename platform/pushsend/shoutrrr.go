package pushsend

import (
	"slices"

	"github.com/nicholas-fedor/shoutrrr/pkg/format"
	"github.com/nicholas-fedor/shoutrrr/pkg/router"
	"github.com/nicholas-fedor/shoutrrr/pkg/types"

	"github.com/authtray/authtray/core/push"
)

// service is the shoutrrr service for rawURL, made once per URL: a
// service holds its HTTP client, whose kept-alive connections a new one per
// send would leave open.
func (s *Sender) service(rawURL string) (types.Service, error) {
	if svc, ok := s.services.Load(rawURL); ok {
		return svc.(types.Service), nil
	}
	var r router.ServiceRouter
	svc, err := r.Locate(rawURL)
	if err != nil {
		return nil, err
	}
	s.services.Store(rawURL, svc)
	return svc, nil
}

// sendShoutrrr sends p through the shoutrrr service of rawURL's scheme:
// the title where the service has one, the facts as fields for a generic
// webhook (its JSON template sends them as keys). Sends to one URL never
// overlap (Sender.inflight): a service's config is updated per send.
func (s *Sender) sendShoutrrr(rawURL string, p push.Payload) error {
	svc, err := s.service(rawURL)
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

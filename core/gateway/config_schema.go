package gateway

import (
	"github.com/authtray/authtray/core/gateway/schema"
)

// checkSchema adds the row for a config the gateway refuses: a key its
// schema does not know makes it refuse the whole file ("Invalid config …
// Unrecognized key"), so its daemon does not start and its status fails
// whatever the credentials. The check runs only with the schema of the
// gateway that judges this config (the installed openclaw's version, else
// the version that last wrote it): another version's schema could call a
// newer setting unknown.
func (ins *install) checkSchema() {
	if ins.cfgErr != nil || !ins.cfg.Present || ins.cli != cliOpenClaw {
		return
	}
	version := ins.judgingVersion()
	t, ok := schema.For(version)
	if !ok {
		return
	}
	is, refused := t.Check(asValidated(ins.cfg.root))
	if !refused {
		return
	}
	ins.errorRow("config", ins.dir.Config, "", "Gateway config is invalid, and "+ins.cli+" "+version+" refuses all of it: "+is.Sentence(),
		"Correct it in "+ins.dir.Config+" (`"+ins.cli+" config validate` lists every problem)")
}

// judgingVersion is the version of the gateway that reads this config:
// the installed openclaw's, else meta.lastTouchedVersion (the gateway
// that last wrote the file), else "".
func (ins *install) judgingVersion() string {
	if p, ok := ins.progs.current(); ok {
		return p.Version
	}
	return cleanVersion(ins.cfg.str("meta", "lastTouchedVersion"))
}

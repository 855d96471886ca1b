package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/push"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/platform/instance"
	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/platform/pushsend"
)

// pushView sends a live view's alerts to the user's push targets: the
// same thresholds and ledger rules as the desktop's, one ledger per target
// in the state dir. Only the holder of the push lock sends, so a tray and
// a watch service of the same user send each alert once.
type pushView struct {
	env    *appEnv
	log    *logger
	dir    string
	pusher *push.Pusher
	// changed asks the live view to judge again: a note came or went.
	changed func()

	mu     sync.Mutex
	note   string // pushTargets' sentence
	locked bool   // the lock goroutine is running
	// retry reads the targets again while some cannot be read (a locked
	// keyring, a keyring that did not answer), so they are sent to once
	// it is unlocked, not only after a restart.
	retry *time.Timer
}

// pushRetry is how often targets that could not be read are read again.
var pushRetry = 5 * time.Minute

// newPushView is nil without a state dir (no ledger, no lock).
func newPushView(env *appEnv, log *logger, alertCfg alert.Config, changed func()) *pushView {
	dir, err := paths.StateDir()
	if err != nil {
		log.Logf("No state directory (%v): push alerts are off.", err)
		return nil
	}
	pv := &pushView{env: env, log: log, dir: dir, changed: changed}
	pv.pusher = push.New(push.Config{
		Sender:  maskedPush{&pushsend.Sender{}, env.Secrets},
		Ledger:  func(name string) alert.Store { return alert.File(filepath.Join(dir, pushLedger(name))) },
		Alert:   alertCfg,
		Machine: machineName(),
		Changed: changed,
		Logf:    log.Logf,
	})
	return pv
}

// pushLedger is a target's ledger file: by a hash of its name, which is
// the user's and may be anything.
func pushLedger(name string) string {
	h := sha256.Sum256([]byte(name))
	return "push-" + hex.EncodeToString(h[:8]) + ".json"
}

// load reads the targets again (at start, when the settings change, and
// every pushRetry while some cannot be read)
// and, once there are any, starts waiting for the push lock.
func (pv *pushView) load(ctx context.Context) {
	ts, note := loadPushTargets(ctx, pv.env)
	targets := make([]push.Target, len(ts))
	for i, t := range ts {
		targets[i] = push.Target{Name: t.Name, URL: t.URL}
	}
	pv.mu.Lock()
	changed := pv.note != note
	pv.note = note
	start := len(targets) > 0 && !pv.locked
	pv.locked = pv.locked || start
	if pv.retry != nil {
		pv.retry.Stop()
		pv.retry = nil
	}
	if note != "" && ctx.Err() == nil {
		pv.retry = time.AfterFunc(pushRetry, func() { pv.load(ctx) })
	}
	pv.mu.Unlock()
	if changed && note != "" {
		pv.log.Logf("%s", note)
	}
	if changed {
		pv.changed()
	}
	pv.pusher.SetTargets(targets)
	if start {
		go pv.lock(ctx)
	}
}

// lock takes the push lock, waiting for it while another authtray holds
// it, and then starts sending.
func (pv *pushView) lock(ctx context.Context) {
	release, pid, err := instance.LockPush(pv.dir)
	if errors.Is(err, instance.ErrRunning) {
		if pid > 0 {
			pv.log.Logf("push is sent by the other authtray (pid %d); this one takes over if it stops.", pid)
		} else {
			pv.log.Logf("push is sent by the other authtray; this one takes over if it stops.")
		}
		release, err = instance.WaitPush(pv.dir)
		if err == nil && ctx.Err() == nil {
			pv.log.Logf("the other authtray stopped: push is sent from here now.")
		}
	}
	if err != nil {
		pv.log.Logf("%v; push alerts are sent without the lock, and a second authtray would send them too.", err)
		release = func() {}
	}
	if ctx.Err() != nil {
		release()
		return
	}
	context.AfterFunc(ctx, release)
	pv.pusher.Start(ctx)
}

// notes are the snapshot notes push adds: a target that fails, targets
// that cannot be read.
func (pv *pushView) notes() []string {
	if pv == nil {
		return nil
	}
	pv.mu.Lock()
	note := pv.note
	pv.mu.Unlock()
	out := pv.pusher.Notes()
	if note != "" {
		out = append([]string{note}, out...)
	}
	return out
}

// loadPushTargets is pushTargets with every URL's secret parts added to the
// process's secret set, so that no output can show them.
func loadPushTargets(ctx context.Context, env *appEnv) ([]pushTarget, string) {
	ts, note := pushTargets(ctx, env)
	for _, t := range ts {
		for _, s := range pushsend.Secrets(t.URL) {
			env.Secrets.Add(s)
		}
	}
	return ts, note
}

// machineName is this machine in a push: its host name.
func machineName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return safetext.Line(h)
	}
	return "this machine"
}

// maskedPush masks secrets in a push's words and in its errors.
type maskedPush struct {
	sender  push.Sender
	secrets *redact.Set
}

func (m maskedPush) Send(ctx context.Context, url string, p push.Payload) error {
	line := safetext.Masked(m.secrets, safetext.Line)
	p.Title, p.Body, p.Profile, p.Agent, p.Host = line(p.Title), line(p.Body), line(p.Profile), line(p.Agent), line(p.Host)
	if err := m.sender.Send(ctx, url, p); err != nil {
		return errors.New(line(err.Error()))
	}
	return nil
}

func (m maskedPush) Describe(url string) string {
	return safetext.Masked(m.secrets, safetext.Line)(m.sender.Describe(url))
}

// alerters are several live.Alerters in one, in order (the desktop's
// first: push only queues).
type alerters []live.Alerter

func (as alerters) Update(s profile.Snapshot) {
	for _, a := range as {
		a.Update(s)
	}
}

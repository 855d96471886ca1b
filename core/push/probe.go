package push

import (
	"context"
	"sync"
	"time"
)

// Result is one target's answer to a test message: Err nil is delivered.
type Result struct {
	Target Target
	Desc   string
	Err    error
}

// Sentence is the result in words: "phone (ntfy, ntfy.sh): ok", or the
// target's failure sentence.
func (r Result) Sentence() string {
	if r.Err == nil {
		return "push target " + r.Target.Name + " (" + r.Desc + "): ok"
	}
	return Failure(r.Target.Name, r.Desc, r.Err, 0)
}

// Test sends one test message to each target now, all at once (each send
// is bounded by the Sender), and returns the results in the targets' order.
func Test(ctx context.Context, s Sender, ts []Target, machine string, now time.Time) []Result {
	out := make([]Result, len(ts))
	var wg sync.WaitGroup
	for i, t := range ts {
		out[i] = Result{Target: t, Desc: s.Describe(t.URL)}
		wg.Go(func() { out[i].Err = s.Send(ctx, t.URL, TestPayload(machine, now)) })
	}
	wg.Wait()
	return out
}

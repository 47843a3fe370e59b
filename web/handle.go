package web

import (
	"encoding/json"
	"fmt"

	"github.com/aisandbox/aisandbox/sandbox"
)

// handle answers one message from the browser. Every failure becomes an
// error message; the connection goes on.
func (c *client) handle(data []byte) {
	cat := c.srv.engine.Catalog()
	req, id, err := decodeRequest(data, cat)
	if err != nil {
		c.replyError(id, err)
		return
	}
	l := c.language()
	switch r := req.(type) {
	case datasetsRequest:
		c.reply(datasetsReply(r.ID, l, cat))
	case modelsRequest:
		c.reply(modelsReply(r.ID, l, cat))
	case langRequest:
		c.setLanguage(r.Lang)
		c.reply(langMsg{Type: "lang", ID: r.ID, Lang: r.Lang})
	case trainRequest:
		if err := c.session.Train(r.ID, r.Spec, c.runEvents(r.ID)); err != nil {
			c.replyError(r.ID, err)
		}
	case stopRequest:
		if err := c.session.Stop(r.ID, c.runEvents(r.ID)); err != nil {
			c.replyError(r.ID, err)
		}
	case predictImageRequest:
		p, err := c.session.PredictImage(r.Run, r.Image)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(predictionMsg{
			Type: "prediction", ID: r.ID, Run: r.Run,
			Labels: p.Labels, Classes: texts(l, p.Titles), Probabilities: p.Probabilities,
			Input: &imageInput{Width: p.Width, Height: p.Height, Pixels: p.Pixels},
		})
	case predictRequest:
		p, err := c.session.Predict(r.Run, r.Points)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(predictionMsg{
			Type: "prediction", ID: r.ID, Run: r.Run,
			Labels: p.Labels, Classes: texts(l, p.Titles), Probabilities: p.Probabilities, Values: p.Values,
		})
	default:
		// Every request type decodeRequest returns is answered above.
		c.replyError(req.messageID(), fmt.Errorf("web: no handler for %T", req))
	}
}

// replyError sends err as an error message in the connection's language,
// logging what students are not shown.
func (c *client) replyError(id string, err error) {
	code, msg := c.srv.tr.Error(c.language(), err)
	var field string
	if se, ok := err.(*sandbox.Error); ok {
		field = se.Field
		if se.Err != nil && code == sandbox.CodeInternal {
			c.log.Error("internal error", "id", id, "err", err)
		}
	} else {
		c.log.Error("internal error", "id", id, "err", err)
	}
	c.reply(errorMsg{Type: "error", ID: id, Code: code, Field: field, Message: msg})
}

// runEvents returns the function a run sends its events to. It is called
// from the run's goroutine: it renders plots there, drops progress events
// the browser is too slow for, and always delivers the last event.
func (c *client) runEvents(id string) func(sandbox.Event) {
	p := &plotter{tr: c.srv.tr, lang: c.language()}
	return func(ev sandbox.Event) {
		switch v := ev.Payload.(type) {
		case sandbox.Started:
			p.features, p.classes, p.target = v.Features, texts(p.lang, v.ClassTitles), v.Target
			c.reply(startedMsg{
				Type: "started", ID: id, Task: string(v.Task), Parameters: v.Parameters, TrainSize: v.TrainSize,
				TestSize: v.TestSize, Features: v.Features, Classes: p.classes, Epochs: v.Epochs,
			})
		case sandbox.Progress:
			if c.full() {
				return // the browser is behind: skip this one, and the work of drawing it
			}
			data, err := json.Marshal(progressMsg("progress", id, p.lang, v, c.plots(p, v)))
			if err != nil {
				c.log.Error("encoding progress", "err", err)
				return
			}
			c.offer(data)
		case sandbox.Done:
			m := progressMsg("done", id, p.lang, v.Progress, c.plots(p, v.Progress))
			m["stopped"], m["seconds"], m["parameters"] = v.Stopped, v.Seconds, v.Parameters
			c.reply(m)
		case *sandbox.Error:
			c.replyError(id, v)
		}
	}
}

// plots renders the plots of an event, or returns nil (and logs why) when
// they cannot be drawn: the numbers still go out.
func (c *client) plots(p *plotter, pr sandbox.Progress) *plotsMsg {
	if p.features == nil {
		return nil
	}
	m, err := p.render(pr.History, pr.Regions, pr.Curve)
	if err != nil {
		c.log.Error("rendering plots", "err", err)
		return nil
	}
	return m
}

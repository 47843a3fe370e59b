package web

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/autograd"
	"github.com/aisandbox/aisandbox/web/plots"

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
	case predictTextRequest:
		p, err := c.session.PredictText(r.Run, r.Text)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		m := predictionMsg{
			Type: "prediction", ID: r.ID, Run: r.Run,
			Labels: p.Labels, Classes: texts(l, p.Titles), Probabilities: p.Probabilities,
			Tokens: []textTokenMsg{},
		}
		for _, t := range p.Tokens {
			m.Tokens = append(m.Tokens, textTokenMsg{Text: t.Text, Known: t.Known})
		}
		c.reply(m)
	case generateRequest:
		texts, err := c.session.Generate(r.Run, r.Prompt, r.Temperature, r.TopK, r.Length, r.Count)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(generatedMsg{Type: "generated", ID: r.ID, Run: r.Run, Texts: texts})
	case tokenizeRequest:
		v, err := c.srv.engine.Tokenize(r.Text)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(tokensReply(r.ID, v))
	case autogradRequest:
		g, err := c.session.Autograd(r.Expression, r.Values, r.Params)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.replyGraph(r.ID, l, g)
	case autogradStepRequest:
		g, err := c.session.AutogradStep(r.LR)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.replyGraph(r.ID, l, g)
	case evaluateRequest, probeRequest:
		c.handleEval(l, r) // web/evaluate.go
	case activitiesRequest, activityRequest, checkRequest:
		c.handleActivity(l, r) // web/activities.go
	case openClassRequest, teachRequest, actRequest, exportRequest, projectionRequest, joinRequest, rejoinRequest, answerRequest, moveRequest:
		c.handleClass(l, r) // web/class.go
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
	if se := (*sandbox.Error)(nil); errors.As(err, &se) {
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
	return c.eventsTo(id, &plotter{tr: c.srv.tr, lang: c.language()})
}

// eventsTo is runEvents drawing with p, which may know the run's columns
// already (a run followed after a rejoin: web/class.go).
func (c *client) eventsTo(id string, p *plotter) func(sandbox.Event) {
	return func(ev sandbox.Event) {
		switch v := ev.Payload.(type) {
		case sandbox.Queued:
			// The run waits for its turn: tell the student their place.
			c.reply(queuedMsg{Type: "queued", ID: id, Position: v.Position, Paused: v.Paused})
		case sandbox.Started:
			p.started = true
			p.features, p.classes, p.target = v.Features, texts(p.lang, v.ClassTitles), v.TargetTitle.In(p.lang)
			if len(p.classes) != len(v.Classes) {
				p.classes = v.Classes
			}
			if p.target == "" {
				p.target = v.Target
			}
			c.reply(startedMsg{
				Type: "started", ID: id, Task: string(v.Task), Parameters: v.Parameters, TrainSize: v.TrainSize,
				TestSize: v.TestSize, Features: v.Features, Classes: p.classes, Epochs: v.Epochs,
				Target: p.target, Unseen: unseenTitles(v.Unseen, v.Classes, p.classes),
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
			if v.Samples != nil {
				m["samples"] = v.Samples
			}
			c.reply(m)
		case *sandbox.Error:
			c.replyError(id, v)
		}
	}
}

// plots renders the plots of an event, or returns nil (and logs why) when
// they cannot be drawn: the numbers still go out.
func (c *client) plots(p *plotter, pr sandbox.Progress) *plotsMsg {
	if !p.started {
		return nil
	}
	m, err := p.render(pr.History, pr.Regions, pr.Curve)
	if err == nil && m != nil && pr.Tree != nil {
		var svg []byte
		if svg, err = treeDrawing(p.lang, pr.Tree); err == nil {
			m.Tree = string(svg)
		}
	}
	if err != nil {
		c.log.Error("rendering plots", "err", err)
		return nil
	}
	return m
}

// replyGraph sends an expression's graph, drawn in language l.
func (c *client) replyGraph(id string, l i18n.Lang, g autograd.Graph) {
	t := func(key string) string { return c.srv.tr.Text(l, key, nil) }
	m := graphMsg{Type: "graph", ID: id, Values: map[string]float64{}, Grads: map[string]float64{}}
	data := plots.GraphData{Output: g.Output}
	for _, n := range g.Nodes {
		data.Nodes = append(data.Nodes, plots.GraphNode{
			Label: n.Label, Kind: graphKinds[n.Kind], Value: n.Value, Grad: n.Grad, Inputs: n.Inputs,
		})
		if n.Kind == autograd.Param || n.Kind == autograd.Input {
			m.Values[n.Label], m.Grads[n.Label] = n.Value, n.Grad
		}
	}
	m.Output = g.Nodes[g.Output].Value
	svg, err := plots.Graph(data, plots.GraphLabels{
		Value: t("plot.graph.value"), Grad: t("plot.graph.grad"),
		Param: t("plot.graph.param"), Input: t("plot.graph.input"),
	})
	if err != nil {
		c.log.Error("drawing a graph", "err", err)
	} else {
		m.SVG = string(svg)
	}
	c.reply(m)
}

// graphKinds maps the engine's node kinds to the drawing's colours.
var graphKinds = map[autograd.Kind]plots.GraphKind{
	autograd.Op: plots.GraphOp, autograd.Param: plots.GraphParam,
	autograd.Input: plots.GraphInput, autograd.Const: plots.GraphConst,
}

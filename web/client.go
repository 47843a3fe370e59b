package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// Timing and size of a connection, in the manner of gorilla/websocket's
// chat example.
const (
	// writeWait is the time allowed to write one message to the browser.
	writeWait = 10 * time.Second
	// pongWait is the time allowed to read the next pong from the browser.
	pongWait = 60 * time.Second
	// pingPeriod is how often the server pings; less than pongWait.
	pingPeriod = pongWait * 5 / 6
	// hardReadLimit closes the connection: no page sends a message this
	// large (a 5 MB picture is about 7 MB as base64). Larger messages
	// than the protocol allows are read, dropped and answered with a
	// too_large error.
	hardReadLimit = 8 << 20
	// sendBuffer is how many outgoing messages wait for a slow browser
	// before progress events are dropped.
	sendBuffer = 32
)

// upgrader refuses cross-origin upgrades: its default CheckOrigin accepts a
// request only when its Origin header is absent or names the Host the
// request was sent to. Compression stays off: the read limit counts
// compressed bytes (../shared/DEPENDENCIES.md).
var upgrader = websocket.Upgrader{
	ReadBufferSize:  4096,
	WriteBufferSize: 4096,
}

// client is one browser connection: a read pump that turns messages into
// session calls and a write pump that owns the connection's writes.
type client struct {
	srv     *Server
	conn    *websocket.Conn
	session *sandbox.Session
	send    chan []byte   // messages for the write pump
	closed  chan struct{} // closed when the connection is going away
	log     *slog.Logger
	host    string // the Host the browser asked for, for join addresses
	// role is the connection's place in a class (web/class.go); the read
	// pump owns it.
	role classRole

	mu   sync.Mutex
	lang i18n.Lang
}

// serveWS upgrades the request and runs the connection until it closes.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		// The upgrader has answered with an HTTP error already.
		s.log.Info("websocket upgrade refused", "remote", r.RemoteAddr, "origin", r.Header.Get("Origin"), "err", err)
		return
	}
	lang, _ := i18n.Parse(r.URL.Query().Get("lang"))
	c := &client{
		srv:     s,
		conn:    conn,
		session: s.engine.NewSession(),
		send:    make(chan []byte, sendBuffer),
		closed:  make(chan struct{}),
		log:     s.log.With("remote", r.RemoteAddr),
		host:    r.Host,
		lang:    lang,
	}
	if !s.track(c) {
		c.conn.Close()
		c.session.Close()
		return
	}
	defer s.untrack(c)
	writerDone := make(chan struct{})
	go func() { c.writePump(); close(writerDone) }()
	c.readPump()
	close(c.closed)
	c.role.stopWatching()
	if c.role.student == nil {
		c.session.Close() // stops the connection's runs
	} // a student's session outlives the connection: its runs go on
	<-writerDone
}

// readPump reads messages until the connection fails or closes.
func (c *client) readPump() {
	c.conn.SetReadLimit(hardReadLimit)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	var buf bytes.Buffer
	for {
		kind, r, err := c.conn.NextReader()
		if err != nil {
			if websocket.IsUnexpectedCloseError(err, websocket.CloseGoingAway, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) {
				c.log.Info("websocket closed", "err", err)
			}
			return
		}
		// Ordinary messages reuse one small buffer; only a picture makes
		// it grow, and then it is let go.
		if buf.Cap() > 4*maxMessageBytes {
			buf = bytes.Buffer{}
		}
		buf.Reset()
		if _, err := buf.ReadFrom(io.LimitReader(r, maxImageMessage+1)); err != nil {
			c.log.Info("websocket read failed", "err", err)
			return
		}
		if buf.Len() > maxImageMessage {
			// Drop the rest (the read limit bounds it) and say so.
			if _, err := io.Copy(io.Discard, r); err != nil {
				c.log.Info("websocket read failed", "err", err)
				return
			}
			c.replyError("", &sandbox.Error{Code: codeTooLarge, Params: map[string]any{"limit": maxMessageBytes}})
			continue
		}
		if kind != websocket.TextMessage {
			c.replyError("", &sandbox.Error{Code: codeBadJSON})
			continue
		}
		c.handle(buf.Bytes())
	}
}

// writePump writes queued messages and pings until the connection closes.
// It is the only goroutine that writes to the connection.
func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	for {
		select {
		case msg := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		case <-c.closed:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
			return
		}
	}
}

// closeNow ends the connection from the server's side: the read pump's next
// read fails and the connection winds down as if the browser had left.
func (c *client) closeNow() {
	c.conn.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"),
		time.Now().Add(writeWait))
	c.conn.Close()
}

// reply queues v for the browser, waiting while the queue is full. It
// gives up when the connection is closing.
func (c *client) reply(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		c.log.Error("encoding a message", "err", err)
		return
	}
	select {
	case c.send <- data:
	case <-c.closed:
	}
}

// offer queues v unless the queue is full, and reports whether it did: a
// slow browser misses some progress events rather than slowing a run.
func (c *client) offer(data []byte) bool {
	select {
	case c.send <- data:
		return true
	default:
		return false
	}
}

// full reports whether the send queue has no room.
func (c *client) full() bool { return len(c.send) == cap(c.send) }

func (c *client) language() i18n.Lang {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lang
}

func (c *client) setLanguage(l i18n.Lang) {
	c.mu.Lock()
	c.lang = l
	c.mu.Unlock()
}

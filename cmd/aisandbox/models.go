package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// listModels prints the model families with their settings, defaults and
// ranges: what "train --model" and "--set" take.
func listModels(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("models", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language: kk, ru or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("models: unknown language %q (kk, ru or en)", *lang)
	}
	for _, m := range sandbox.New(sandbox.Config{}).Catalog().Models {
		kinds := make([]string, len(m.Data))
		for i, k := range m.Data {
			kinds[i] = string(k)
		}
		fmt.Fprintf(stdout, "%s: %s (%s; data: %s)\n", m.Name, m.Title.In(l), m.Task, strings.Join(kinds, ", "))
		for _, s := range m.Settings {
			var rng string
			switch s.Type {
			case sandbox.Choice:
				rng = strings.Join(s.Choices, " | ")
			case sandbox.Ints:
				rng = fmt.Sprintf("%d to %d numbers, each %g..%g", s.MinLen, s.MaxLen, s.Min, s.Max)
			default:
				rng = fmt.Sprintf("%g..%g", s.Min, s.Max)
			}
			fmt.Fprintf(stdout, "    %-12s %-28s default %v; %s\n", s.Name, s.Label.In(l), s.Default, rng)
		}
	}
	return nil
}

package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// listDatasets prints the built-in datasets with a line of each card.
func listDatasets(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("datasets", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language: kk, ru or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("datasets: unknown language %q (kk, ru or en)", *lang)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, d := range sandbox.New(sandbox.Config{}).Catalog().Datasets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Name, d.Kind, d.Card.Title.In(l), d.Card.Purpose.In(l))
	}
	return tw.Flush()
}

// Command aisandbox is AI Sandbox: one program a teacher starts on a laptop
// so that a class can train and probe tiny AI models from their browsers.
//
//	aisandbox [serve] [--addr HOST:PORT] [--data DIR]   serve the class (the default)
//	aisandbox train [flags]                              train a model here, print its progress
//	aisandbox evaluate [flags]                           train, then show where the model fails and for whom
//	aisandbox datasets                                   list the built-in datasets
//	aisandbox models                                     list the models and their settings
//	aisandbox activities [check FILE|DIR...]             list the activities, or check activity files
//
// This file is wiring only: the work is done by the packages web, sandbox,
// activities, models and datasets.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "aisandbox:", err)
		}
		os.Exit(exitStatus(err))
	}
}

// errReported is returned by a command that has already told the user
// what went wrong, in the format they asked for.
var errReported = errors.New("reported")

const usage = `AI Sandbox: train, test and probe tiny AI models with a whole class.

Usage:
  aisandbox [serve] [--addr HOST:PORT] [--data DIR] [--teacher-password PW] [--max-students N] [--activities DIR]
        Serve the class on the school network (the default command); the
        teacher opens /teacher.html. "aisandbox serve -h" lists every option.
  aisandbox train [--dataset NAME | --csv FILE | --train FILE --test FILE] [flags]
        Train a model here and print its progress ("aisandbox train -h" lists the flags).
  aisandbox evaluate [train flags] [--by ATTRIBUTE] [--probe KIND] [--json] [--lang kk|ru|en]
        Train a model, then show where it fails and for whom ("aisandbox evaluate -h").
  aisandbox datasets [--lang kk|ru|en]
        List the built-in datasets, with a line of each one's card.
  aisandbox models [--lang kk|ru|en]
        List the models with their settings (what train --model and --set take).
  aisandbox activities [--json] [--lang kk|ru|en] [--dir DIR]
        List the built-in activities (and those in DIR): subject, grades, minutes, languages.
  aisandbox activities check [--json] [--lang kk|ru|en] FILE|DIR...
        Check activity files; print every problem with its place (exit status 1 if any).
`

// run runs the command named by args; ctx ends at Ctrl-C or SIGTERM.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "train":
		return train(ctx, args, stdout, stderr)
	case "evaluate":
		return evaluateCommand(ctx, args, stdout, stderr)
	case "datasets":
		return listDatasets(args, stdout, stderr)
	case "models":
		return listModels(args, stdout, stderr)
	case "activities":
		return listActivities(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

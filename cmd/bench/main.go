// Command bench measures creatorops against its references on this machine and prints the figures
// for BENCHMARKS.md. It is a developer tool, not part of the product binary.
//
//	go run ./cmd/bench import [--lines 1000000] [--pg postgres://…]
//	go run ./cmd/bench report [--lines 10000000]
//	go run ./cmd/bench http [--lines 1000000] [--clients 32] [--duration 20s] [--db PATH]
//	go run ./cmd/bench webhooks [--rate 1000] [--duration 20s] [--db PATH|--pg DSN]
//	go run ./cmd/bench crm [--creators 1000000] [--clients 32] [--duration 15s]
//	go run ./cmd/bench crm-tiers [--creators 1000000]
//	go run ./cmd/bench outreach [--enrollments 100000] [--pg DSN] [--cpuprofile FILE]
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "import":
		err = benchImport(os.Args[2:])
	case "report":
		err = benchReport(os.Args[2:])
	case "http":
		err = benchHTTP(os.Args[2:])
	case "webhooks":
		err = benchWebhooks(os.Args[2:])
	case "crm":
		err = benchCRM(os.Args[2:])
	case "crm-tiers":
		err = benchCRMTiers(os.Args[2:])
	case "outreach":
		err = benchOutreach(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bench import|report|http|webhooks|crm|crm-tiers|outreach [flags] (bench import -h for the flags)")
	os.Exit(2)
}

// workDir returns the folder benchmarks keep their files in, made if needed.
func workDir(dir string) string {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	return dir
}

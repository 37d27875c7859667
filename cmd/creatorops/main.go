// Command creatorops runs the affiliate-creator program of a brand on TikTok Shop and Shopee.
package main

import (
	"os"

	"github.com/creatorops/creatorops/internal/cli"
)

func main() { os.Exit(cli.Execute(os.Args[1:])) }

// An HTTP server and client in one Go process for tests/strace_match.sh:
// the server listens on 127.0.0.1:0, the client GETs a page from it ten
// times over loopback, prints the bodies and the program exits. Exercises sockets,
// epoll, accept4, non-blocking I/O and Go's many threads.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello from scry\n")
	})
	go http.Serve(ln, mux)

	// No keep-alive: the connection is closed after the one request.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for i := 0; i < 10; i++ {
		resp, err := client.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Print(string(body))
	}
}

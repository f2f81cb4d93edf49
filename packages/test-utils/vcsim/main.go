// Command vcsim serves govmomi's vCenter simulator with a configurable inventory, for tests and
// the demo. It prints one JSON line with the connection details once listening and runs until
// SIGTERM/SIGINT (or, with -exit-on-eof, until its parent closes stdin).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"

	// the vAPI REST endpoints under /rest (sessions, tag categories, tags, tag associations)
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	m := simulator.VPX()
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on; port 0 picks a free one")
	flag.IntVar(&m.Datacenter, "dc", m.Datacenter, "datacenters")
	flag.IntVar(&m.Cluster, "cluster", m.Cluster, "clusters per datacenter")
	flag.IntVar(&m.ClusterHost, "host", m.ClusterHost, "hosts per cluster")
	flag.IntVar(&m.Host, "standalone-host", m.Host, "standalone hosts per datacenter")
	flag.IntVar(&m.Machine, "vm", m.Machine, "VMs per cluster root pool, standalone host and vApp")
	flag.IntVar(&m.Datastore, "ds", m.Datastore, "datastores per datacenter, mounted on all its hosts")
	flag.IntVar(&m.Portgroup, "pg", m.Portgroup, "distributed portgroups per datacenter (plus one uplink portgroup)")
	flag.IntVar(&m.PortgroupNSX, "nsx-pg", m.PortgroupNSX, "NSX-backed distributed portgroups per datacenter")
	flag.IntVar(&m.OpaqueNetwork, "nsx", m.OpaqueNetwork, "NSX opaque networks per datacenter")
	flag.IntVar(&m.Pool, "pool", m.Pool, "child resource pools per cluster (they hold no VMs)")
	flag.IntVar(&m.App, "app", m.App, "vApps per cluster")
	flag.IntVar(&m.Folder, "folder", m.Folder, "datacenters placed inside a folder")
	flag.IntVar(&m.Pod, "pod", m.Pod, "storage pods per datacenter")
	flag.BoolVar(&m.Autostart, "autostart", m.Autostart, "power on the created VMs")
	delay := flag.Int("delay", 0, "milliseconds of delay for every SOAP call")
	templates := flag.Int("template", 0, "turn this many VMs (first by name) into templates")
	exitOnEOF := flag.Bool("exit-on-eof", false, "exit when stdin closes, so the simulator dies with its parent")
	scratch := flag.String("scratch", "", "private directory for datastore files, removed on exit")
	flag.Parse()

	if *scratch != "" {
		_ = os.Setenv("TMPDIR", *scratch) // simulator datastores are ioutil.TempDir folders
	}

	// Delay stays 0 while building: Create and the template calls go through the same service.
	if err := m.Create(); err != nil {
		log.Fatalf("create model: %v", err)
	}
	marked, err := markTemplates(m.Service, *templates)
	if err != nil {
		log.Fatalf("templates: %v", err)
	}
	m.DelayConfig.Delay = *delay

	counts := map[string]int{"template": marked}
	for _, e := range simulator.Map.All("") {
		counts[e.Reference().Type]++
	}

	m.Service.Listen = &url.URL{Host: *listen}
	m.Service.RegisterEndpoints = true
	server := m.Service.NewServer()
	u := *server.URL
	u.User = nil
	user := server.URL.User.Username()
	pass, _ := server.URL.User.Password()
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"url": u.String(), "username": user, "password": pass, "pid": os.Getpid(), "counts": counts,
	})

	done := make(chan os.Signal, 1)
	signal.Notify(done, syscall.SIGTERM, syscall.SIGINT)
	if *exitOnEOF {
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); done <- syscall.SIGTERM }()
	}
	<-done
	server.Close()
	m.Remove()
	if *scratch != "" {
		_ = os.RemoveAll(*scratch)
	}
}

// markTemplates powers off and marks the first n VMs (sorted by name) as templates, in-process.
func markTemplates(svc *simulator.Service, n int) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	ctx := context.Background()
	vms := simulator.Map.All("VirtualMachine")
	sort.Slice(vms, func(i, j int) bool { return vms[i].Entity().Name < vms[j].Entity().Name })
	if n > len(vms) {
		n = len(vms)
	}
	c, err := vim25.NewClient(ctx, svc) // the service is its own round tripper: no HTTP, no login
	if err != nil {
		return 0, err
	}
	for _, e := range vms[:n] {
		vm := object.NewVirtualMachine(c, e.Reference())
		if task, err := vm.PowerOff(ctx); err == nil {
			_ = task.Wait(ctx) // already off when -autostart=false
		}
		if err := vm.MarkAsTemplate(ctx); err != nil {
			return 0, err
		}
	}
	return n, nil
}

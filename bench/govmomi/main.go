// Command govmomi-read is the reference point of `yarn bench vsphere`: the same inventory our
// readInventory fetches (the same property paths per type, see DEFAULT_INVENTORY_SPEC), read the
// way govmomi users do it: one ContainerView, then view.Retrieve per kind into typed mo structs.
// It times from before CreateContainerView to after the last Retrieve and prints one JSON line:
// {"ms": ..., "objects": ..., "maxRssMb": ...}.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net/url"
	"os"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
)

var entity = []string{"name", "parent"}

func with(paths ...string) []string { return append(append([]string{}, entity...), paths...) }

func main() {
	rawURL := flag.String("url", "", "vcsim SDK URL, http://host:port/sdk")
	user := flag.String("user", "user", "user name")
	pass := flag.String("password", "pass", "password")
	flag.Parse()

	ctx := context.Background()
	u, err := url.Parse(*rawURL)
	if err != nil {
		log.Fatalf("url: %v", err)
	}
	u.User = url.UserPassword(*user, *pass)
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		log.Fatalf("login: %v", err)
	}
	defer func() { _ = c.Logout(ctx) }()

	var (
		vms        []mo.VirtualMachine
		hosts      []mo.HostSystem
		computes   []mo.ComputeResource
		clusters   []mo.ClusterComputeResource
		datastores []mo.Datastore
		networks   []mo.Network
		portgroups []mo.DistributedVirtualPortgroup
		switches   []mo.DistributedVirtualSwitch
		dcs        []mo.Datacenter
		folders    []mo.Folder
		pools      []mo.ResourcePool
		root       mo.Folder
	)
	type read struct {
		kind  string
		paths []string
		dst   interface{}
	}
	// a subtype's Retrieve lists only the paths its base type lacks, exactly as our spec does
	reads := []read{
		{"VirtualMachine", with("config.uuid", "config.instanceUuid", "config.hardware.numCPU",
			"config.hardware.memoryMB", "config.template", "config.guestFullName", "runtime.powerState",
			"runtime.host", "guest.ipAddress", "guest.toolsStatus", "guest.toolsVersionStatus",
			"summary.storage.committed", "summary.storage.uncommitted", "network", "datastore",
			"resourcePool", "customValue"), &vms},
		{"HostSystem", with("hardware.systemInfo.vendor", "hardware.systemInfo.model",
			"hardware.systemInfo.uuid", "hardware.systemInfo.serialNumber",
			"hardware.systemInfo.otherIdentifyingInfo", "summary.hardware.numCpuCores",
			"summary.hardware.cpuMhz", "summary.hardware.memorySize", "config.product.version",
			"config.product.build", "runtime.connectionState", "runtime.inMaintenanceMode",
			"runtime.powerState", "overallStatus"), &hosts},
		{"ComputeResource", with("summary.totalCpu", "summary.effectiveCpu", "summary.totalMemory",
			"summary.effectiveMemory", "summary.numHosts", "summary.numEffectiveHosts", "overallStatus"), &computes},
		{"ClusterComputeResource", []string{"configuration.dasConfig.enabled",
			"configuration.drsConfig.enabled", "configuration.drsConfig.defaultVmBehavior"}, &clusters},
		{"Datastore", with("summary.capacity", "summary.freeSpace", "summary.uncommitted", "summary.type",
			"summary.url", "summary.accessible", "summary.maintenanceMode", "host", "vm"), &datastores},
		{"Network", with("host", "vm"), &networks},
		{"DistributedVirtualPortgroup", []string{"config.distributedVirtualSwitch", "config.uplink",
			"config.defaultPortConfig.vlan"}, &portgroups},
		{"DistributedVirtualSwitch", with("uuid"), &switches},
		{"Datacenter", with(), &dcs},
		{"Folder", with(), &folders},
		{"ResourcePool", with(), &pools},
	}
	kinds := []string{"VirtualMachine", "HostSystem", "ComputeResource", "Datastore", "Network",
		"DistributedVirtualSwitch", "Datacenter", "Folder", "ResourcePool"}

	started := time.Now()
	m := view.NewManager(c.Client)
	v, err := m.CreateContainerView(ctx, c.ServiceContent.RootFolder, kinds, true)
	if err != nil {
		log.Fatalf("CreateContainerView: %v", err)
	}
	for _, r := range reads {
		if err := v.Retrieve(ctx, []string{r.kind}, r.paths, r.dst); err != nil {
			log.Fatalf("Retrieve %s: %v", r.kind, err)
		}
	}
	pc := property.DefaultCollector(c.Client)
	if err := pc.RetrieveOne(ctx, c.ServiceContent.RootFolder, []string{"name", "triggeredAlarmState"}, &root); err != nil {
		log.Fatalf("root folder: %v", err)
	}
	elapsed := time.Since(started)
	_ = v.Destroy(ctx)

	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	objects := len(vms) + len(hosts) + len(computes) + len(datastores) + len(networks) +
		len(switches) + len(dcs) + len(folders) + len(pools)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"ms":       float64(elapsed.Microseconds()) / 1000,
		"objects":  objects,
		"vms":      len(vms),
		"calls":    len(reads) + 2,
		"maxRssMb": float64(ru.Maxrss) / 1024, // kilobytes on Linux
	})
}

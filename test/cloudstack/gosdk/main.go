// The Go SDK (github.com/xanzy/go-cloudstack, as under the Terraform provider) against Skyledger:
// the flow, then the error cases; prints a JSON report.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/xanzy/go-cloudstack/cloudstack"
)

func must(step string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", step, err)
		os.Exit(1)
	}
}

func main() {
	endpoint := os.Getenv("CS_ENDPOINT")
	cs := cloudstack.NewAsyncClient(endpoint, os.Getenv("CS_KEY"), os.Getenv("CS_SECRET"), false)
	admin := cloudstack.NewAsyncClient(endpoint, os.Getenv("CS_ADMIN_KEY"), os.Getenv("CS_ADMIN_SECRET"), false)
	out := map[string]interface{}{}

	zoneID, _, err := cs.Zone.GetZoneID("demo-zone")
	must("zone", err)
	offeringID, _, err := cs.ServiceOffering.GetServiceOfferingID("small")
	must("offering", err)
	diskID, _, err := cs.DiskOffering.GetDiskOfferingID("data-5")
	must("disk offering", err)
	templateID, _, err := cs.Template.GetTemplateID("tiny-linux", "executable", zoneID)
	must("template", err)

	p := cs.VirtualMachine.NewDeployVirtualMachineParams(offeringID, templateID, zoneID)
	p.SetName("go-1")
	vm, err := cs.VirtualMachine.DeployVirtualMachine(p)
	must("deploy", err)
	out["deployed"] = vm.State
	listed, _, err := cs.VirtualMachine.GetVirtualMachineByID(vm.Id)
	must("list", err)
	out["listed"] = listed.Name

	stopped, err := cs.VirtualMachine.StopVirtualMachine(cs.VirtualMachine.NewStopVirtualMachineParams(vm.Id))
	must("stop", err)
	out["stopped"] = stopped.State
	started, err := cs.VirtualMachine.StartVirtualMachine(cs.VirtualMachine.NewStartVirtualMachineParams(vm.Id))
	must("start", err)
	out["started"] = started.State
	rebooted, err := cs.VirtualMachine.RebootVirtualMachine(cs.VirtualMachine.NewRebootVirtualMachineParams(vm.Id))
	must("reboot", err)
	out["rebooted"] = rebooted.State

	vp := cs.Volume.NewCreateVolumeParams()
	vp.SetName("go-data")
	vp.SetZoneid(zoneID)
	vp.SetDiskofferingid(diskID)
	vp.SetVirtualmachineid(vm.Id)
	volume, err := cs.Volume.CreateVolume(vp)
	must("create volume", err)
	out["volume"] = volume.Name
	dp := cs.Volume.NewDetachVolumeParams()
	dp.SetId(volume.Id)
	_, err = cs.Volume.DetachVolume(dp)
	must("detach", err)
	attached, err := cs.Volume.AttachVolume(cs.Volume.NewAttachVolumeParams(volume.Id, vm.Id))
	must("attach", err)
	out["attachedTo"] = attached.Virtualmachineid
	_, err = cs.Volume.DetachVolume(dp)
	must("detach again", err)
	deleted, err := cs.Volume.DeleteVolume(cs.Volume.NewDeleteVolumeParams(volume.Id))
	must("delete volume", err)
	out["volumeDeleted"] = deleted.Success

	lv := cs.Volume.NewListVolumesParams()
	lv.SetVirtualmachineid(vm.Id)
	lv.SetType("ROOT")
	roots, err := cs.Volume.ListVolumes(lv)
	must("list volumes", err)
	snap, err := cs.Snapshot.CreateSnapshot(cs.Snapshot.NewCreateSnapshotParams(roots.Volumes[0].Id))
	must("snapshot", err)
	out["snapshot"] = snap.State
	ls := cs.Snapshot.NewListSnapshotsParams()
	ls.SetId(snap.Id)
	snaps, err := cs.Snapshot.ListSnapshots(ls)
	must("list snapshots", err)
	out["snapshots"] = snaps.Count
	_, err = cs.Snapshot.DeleteSnapshot(cs.Snapshot.NewDeleteSnapshotParams(snap.Id))
	must("delete snapshot", err)

	destroy := admin.VirtualMachine.NewDestroyVirtualMachineParams(vm.Id)
	destroy.SetExpunge(true)
	_, err = admin.VirtualMachine.DestroyVirtualMachine(destroy)
	must("destroy", err)
	_, count, _ := cs.VirtualMachine.GetVirtualMachineByID(vm.Id)
	out["afterExpunge"] = count

	le := cs.Event.NewListEventsParams()
	le.SetListall(true)
	events, err := cs.Event.ListEvents(le)
	must("events", err)
	out["events"] = events.Count

	wrong := cloudstack.NewAsyncClient(endpoint, os.Getenv("CS_KEY"), "wrong", false)
	_, err = wrong.Zone.ListZones(wrong.Zone.NewListZonesParams())
	out["wrongSecret"] = fmt.Sprint(err)
	_, err = cs.VirtualMachine.StopVirtualMachine(cs.VirtualMachine.NewStopVirtualMachineParams("00000000-0000-4000-8000-00000000dead"))
	out["unknownId"] = fmt.Sprint(err)
	_, err = cs.Template.ListTemplates(&cloudstack.ListTemplatesParams{})
	out["missingParam"] = fmt.Sprint(err)

	json.NewEncoder(os.Stdout).Encode(out)
}

/** Entity cards for NetBox entities and the NetBox side of vSphere hosts and VMs. */
export { netboxEntityCards } from './extensions';

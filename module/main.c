// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf: LI Mirror IMS State Function, kernel copy datapath.
 */

#include <linux/module.h>
#include "netlink.h"
#include "selftest.h"

unsigned int lmisf_max_tasks __read_mostly = 65536;
module_param_named(max_tasks, lmisf_max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks, "Maximum number of tasks per network namespace");

unsigned int lmisf_max_flows __read_mostly = 1 << 20;
module_param_named(max_flows, lmisf_max_flows, uint, 0444);
MODULE_PARM_DESC(max_flows, "Maximum number of media flows per network namespace");

static int __init lmisf_init(void)
{
	int err;

	if (!lmisf_selftest())
		return -ENOTRECOVERABLE;
	err = lmisf_pernet_register();
	if (err)
		return err;
	err = lmisf_genl_register();
	if (err)
		lmisf_pernet_unregister();
	return err;
}

static void __exit lmisf_exit(void)
{
	/* first: ends the bindings of sockets still open */
	lmisf_genl_unregister();
	lmisf_pernet_unregister();
}

module_init(lmisf_init);
module_exit(lmisf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LI Mirror IMS State Function: packet copies to an agent");
MODULE_AUTHOR("The lmisf developers");
MODULE_ALIAS_GENL_FAMILY(LMISF_GENL_NAME);

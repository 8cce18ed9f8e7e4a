<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AllocateFlatDialog</name>
    <message>
        <source>Allocate flat %1</source>
        <translation>Allocate flat %1</translation>
    </message>
    <message>
        <source>Temporary housing (临时周转)</source>
        <translation>Temporary housing (临时周转)</translation>
    </message>
    <message>
        <source>Allocate</source>
        <translation>Allocate</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Choose the household first.</source>
        <translation>Choose the household first.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Doorstep</source>
        <translation>Doorstep</translation>
    </message>
</context>
<context>
    <name>BuildingGridPage</name>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>✗</source>
        <translation>✗</translation>
    </message>
    <message>
        <source>Address not recognised</source>
        <translation>Address not recognised</translation>
    </message>
    <message>
        <source>Signed %1 / %2</source>
        <translation>Signed %1 / %2</translation>
    </message>
    <message>
        <source>%1F</source>
        <translation>%1F</translation>
    </message>
    <message>
        <source>Floor ?</source>
        <translation>Floor ?</translation>
    </message>
    <message>
        <source>Unit %1</source>
        <translation>Unit %1</translation>
    </message>
    <message>
        <source>(overdue)</source>
        <translation>(overdue)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Landscape A4, or A3 when a building is too wide</source>
        <translation>Landscape A4, or A3 when a building is too wide</translation>
    </message>
    <message>
        <source>Highlight: nothing</source>
        <translation>Highlight: nothing</translation>
    </message>
    <message>
        <source>Highlight: not signed</source>
        <translation>Highlight: not signed</translation>
    </message>
    <message>
        <source>Highlight: opposes</source>
        <translation>Highlight: opposes</translation>
    </message>
    <message>
        <source>Highlight: undecided</source>
        <translation>Highlight: undecided</translation>
    </message>
    <message>
        <source>Highlight: visit overdue</source>
        <translation>Highlight: visit overdue</translation>
    </message>
    <message>
        <source>Highlight: my households</source>
        <translation>Highlight: my households</translation>
    </message>
    <message>
        <source>Scroll to a building or street</source>
        <translation>Scroll to a building or street</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>Project:</translation>
    </message>
    <message>
        <source>Click a room to open the household (or move with the arrow keys, Enter).</source>
        <translation>Click a room to open the household (or move with the arrow keys, Enter).</translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation>%1 households</translation>
    </message>
    <message>
        <source>Go to…</source>
        <translation>Go to…</translation>
    </message>
    <message>
        <source>%1 buildings · signed %2 / %3 (%4)</source>
        <translation>%1 buildings · signed %2 / %3 (%4)</translation>
    </message>
    <message>
        <source>visit overdue</source>
        <translation>visit overdue</translation>
    </message>
    <message>
        <source>Save the building grid</source>
        <translation>Save the building grid</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Making the building grid…</source>
        <translation>Making the building grid…</translation>
    </message>
    <message>
        <source>Saved %1 (%2 pages).</source>
        <translation>Saved %1 (%2 pages).</translation>
    </message>
    <message>
        <source>Building grid</source>
        <translation>Building grid</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>Current password:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>Type it again:</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Changing the password…</translation>
    </message>
</context>
<context>
    <name>ChooseFlatDialog</name>
    <message>
        <source>Allocate</source>
        <translation>Allocate</translation>
    </message>
    <message>
        <source>Allocate a flat to %1</source>
        <translation>Allocate a flat to %1</translation>
    </message>
    <message>
        <source>Choose a flat first.</source>
        <translation>Choose a flat first.</translation>
    </message>
    <message>
        <source>Free and reserved flats of %1.</source>
        <translation>Free and reserved flats of %1.</translation>
    </message>
    <message>
        <source>Free and reserved flats.</source>
        <translation>Free and reserved flats.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Temporary housing (临时周转)</source>
        <translation>Temporary housing (临时周转)</translation>
    </message>
    <message>
        <source>There is no free flat in this district.</source>
        <translation>There is no free flat in this district.</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Values</translation>
    </message>
    <message>
        <source>Resolve</source>
        <comment>the title of the detail box</comment>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>or type a new value</source>
        <translation>or type a new value</translation>
    </message>
    <message>
        <source>Resolve</source>
        <comment>the button</comment>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>The value chosen is saved as an ordinary edit and travels with the next sync.</source>
        <translation>The value chosen is saved as an ordinary edit and travels with the next sync.</translation>
    </message>
    <message>
        <source>One of these households is outside this laptop&apos;s scope and cannot be seen here, so this conflict cannot be settled on this laptop. The district office decides at the hub; the result arrives with the next bundle.</source>
        <translation>One of these households is outside this laptop&apos;s scope and cannot be seen here, so this conflict cannot be settled on this laptop. The district office decides at the hub; the result arrives with the next bundle.</translation>
    </message>
    <message>
        <source>There are no conflicts to resolve.</source>
        <translation>There are no conflicts to resolve.</translation>
    </message>
    <message>
        <source>deleted on one computer, edited on another</source>
        <translation>deleted on one computer, edited on another</translation>
    </message>
    <message>
        <source>Decided at the district office</source>
        <translation>Decided at the district office</translation>
    </message>
    <message>
        <source>Keep the record (with the edits)</source>
        <translation>Keep the record (with the edits)</translation>
    </message>
    <message>
        <source>Delete the record</source>
        <translation>Delete the record</translation>
    </message>
    <message>
        <source>%1 (shown now)</source>
        <translation>%1 (shown now)</translation>
    </message>
    <message>
        <source>Conflicts to resolve: %1</source>
        <translation>Conflicts to resolve: %1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>Sub-district</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Click a number, bar, point or slice to list the households or requests behind it.</source>
        <translation>Click a number, bar, point or slice to list the households or requests behind it.</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1 (%2 to %3)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Funding by estimate: no project in this scope has a policy in force.</source>
        <translation>Funding by estimate: no project in this scope has a policy in force.</translation>
    </message>
    <message>
        <source>Funding needed by estimate: %1 (10k yuan) for %2 project(s) · secured %3 · gap %4</source>
        <translation>Funding needed by estimate: %1 (10k yuan) for %2 project(s) · secured %3 · gap %4</translation>
    </message>
    <message>
        <source>%1 household(s) by their typed amount</source>
        <translation>%1 household(s) by their typed amount</translation>
    </message>
    <message>
        <source>%1 household(s) without estimate or amount not counted</source>
        <translation>%1 household(s) without estimate or amount not counted</translation>
    </message>
    <message>
        <source>%1 project(s) without a policy</source>
        <translation>%1 project(s) without a policy</translation>
    </message>
    <message>
        <source>an estimate for reference only</source>
        <translation>an estimate for reference only</translation>
    </message>
    <message>
        <source>%1, figures as of %2</source>
        <translation>%1, figures as of %2</translation>
    </message>
    <message>
        <source>this week +%1</source>
        <translation>this week +%1</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>planned %1, surveyed %2</source>
        <translation>planned %1, surveyed %2</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>signing rate %1</source>
        <translation>signing rate %1</translation>
    </message>
    <message>
        <source>Vacated</source>
        <translation>Vacated</translation>
    </message>
    <message>
        <source>vacating rate %1</source>
        <translation>vacating rate %1</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>handover rate %1, %2 to go</source>
        <translation>handover rate %1, %2 to go</translation>
    </message>
    <message>
        <source>Average resettlement cycle</source>
        <translation>Average resettlement cycle</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>%1 households housed</source>
        <translation>%1 households housed</translation>
    </message>
    <message>
        <source>Days from signing to being housed, averaged over the households housed.</source>
        <translation>Days from signing to being housed, averaged over the households housed.</translation>
    </message>
    <message>
        <source>Requests received</source>
        <translation>Requests received</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>open %1</translation>
    </message>
    <message>
        <source>Requests closed</source>
        <translation>Requests closed</translation>
    </message>
    <message>
        <source>closure rate %1, on time %2</source>
        <translation>closure rate %1, on time %2</translation>
    </message>
    <message>
        <source>Overdue requests</source>
        <translation>Overdue requests</translation>
    </message>
    <message>
        <source>open past their deadline</source>
        <translation>open past their deadline</translation>
    </message>
    <message>
        <source>House tickets issued</source>
        <translation>House tickets issued</translation>
    </message>
    <message>
        <source>used %1 · expiring in 30 days %2</source>
        <translation>used %1 · expiring in 30 days %2</translation>
    </message>
    <message>
        <source>Click to open the house tickets.</source>
        <translation>Click to open the house tickets.</translation>
    </message>
    <message>
        <source>allocated %1 · temporary %2</source>
        <translation>allocated %1 · temporary %2</translation>
    </message>
    <message>
        <source>double %1</source>
        <translation>double %1</translation>
    </message>
    <message>
        <source>Flats available</source>
        <translation>Flats available</translation>
    </message>
    <message>
        <source>Click to open the resettlement flats.</source>
        <translation>Click to open the resettlement flats.</translation>
    </message>
    <message>
        <source>Signing, vacating and handover (% of households)</source>
        <translation>Signing, vacating and handover (% of households)</translation>
    </message>
    <message>
        <source>Progress week by week (households, cumulative)</source>
        <translation>Progress week by week (households, cumulative)</translation>
    </message>
    <message>
        <source>W%1</source>
        <translation>W%1</translation>
    </message>
    <message>
        <source>Requests by category (closure rate %1)</source>
        <translation>Requests by category (closure rate %1)</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Open, within deadline</source>
        <translation>Open, within deadline</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Requests by state (%1 in all)</source>
        <translation>Requests by state (%1 in all)</translation>
    </message>
</context>
<context>
    <name>DateLine</name>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>yyyy-mm-dd</translation>
    </message>
    <message>
        <source>Pick a date (Alt+Down)</source>
        <translation>Pick a date (Alt+Down)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong inside Doorstep. Nothing you typed was thrown away.</source>
        <translation>Something went wrong inside Doorstep. Nothing you typed was thrown away.</translation>
    </message>
    <message>
        <source>Doorstep</source>
        <translation>Doorstep</translation>
    </message>
    <message>
        <source>The details were written to %1.</source>
        <translation>The details were written to %1.</translation>
    </message>
</context>
<context>
    <name>EstimateTab</name>
    <message>
        <source>The signing date the date tiers look at (the household&apos;s own when signed)</source>
        <translation>The signing date the date tiers look at (the household&apos;s own when signed)</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Policy:</translation>
    </message>
    <message>
        <source>Supposed signing date:</source>
        <translation>Supposed signing date:</translation>
    </message>
    <message>
        <source>Set compensation amount</source>
        <translation>Set compensation amount</translation>
    </message>
    <message>
        <source>Set the household&apos;s compensation amount to this option&apos;s total (recorded)</source>
        <translation>Set the household&apos;s compensation amount to this option&apos;s total (recorded)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>Money</translation>
    </message>
    <message>
        <source>House ticket</source>
        <translation>House ticket</translation>
    </message>
    <message>
        <source>Property exchange</source>
        <translation>Property exchange</translation>
    </message>
    <message>
        <source> (district template)</source>
        <translation> (district template)</translation>
    </message>
    <message>
        <source>Policy: %1 (version %2). Signing date: %3. %4 %5</source>
        <translation>Policy: %1 (version %2). Signing date: %3. %4 %5</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>measured</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>registered</translation>
    </message>
    <message>
        <source>%1 m² (%2)</source>
        <translation>%1 m² (%2)</translation>
    </message>
    <message>
        <source>%1 yuan/m²</source>
        <translation>%1 yuan/m²</translation>
    </message>
    <message>
        <source>assessed value %1 yuan</source>
        <translation>assessed value %1 yuan</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation> (chosen)</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <source>Total (yuan)</source>
        <translation>Total (yuan)</translation>
    </message>
    <message>
        <source>In capitals</source>
        <translation>In capitals</translation>
    </message>
    <message>
        <source>Difference: %1</source>
        <translation>Difference: %1</translation>
    </message>
    <message>
        <source>Flat value / difference</source>
        <translation>Flat value / difference</translation>
    </message>
    <message>
        <source>Compensation amount set to %1 yuan (%2, policy version %3).</source>
        <translation>Compensation amount set to %1 yuan (%2, policy version %3).</translation>
    </message>
    <message>
        <source>Save the estimate sheet</source>
        <translation>Save the estimate sheet</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1 (%2 page(s)).</source>
        <translation>Saved %1 (%2 page(s)).</translation>
    </message>
    <message>
        <source>Writing the estimate sheet…</source>
        <translation>Writing the estimate sheet…</translation>
    </message>
    <message>
        <source>Sent %1 page(s) to the printer.</source>
        <translation>Sent %1 page(s) to the printer.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Doorstep</source>
        <translation>Welcome to Doorstep</translation>
    </message>
    <message>
        <source>Before you start, tell Doorstep who works on this computer. These details are written into every record you make and shown to colleagues after sync.</source>
        <translation>Before you start, tell Doorstep who works on this computer. These details are written into every record you make and shown to colleagues after sync.</translation>
    </message>
    <message>
        <source>e.g. 新吴区</source>
        <translation>e.g. 新吴区</translation>
    </message>
    <message>
        <source>e.g. 旺庄街道</source>
        <translation>e.g. 旺庄街道</translation>
    </message>
    <message>
        <source>Load the demo data set (fictional households for practice)</source>
        <translation>Load the demo data set (fictional households for practice)</translation>
    </message>
    <message>
        <source> households</source>
        <translation> households</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>Sub-district</translation>
    </message>
    <message>
        <source>This computer&apos;s name</source>
        <translation>This computer&apos;s name</translation>
    </message>
    <message>
        <source>Sub-district laptop</source>
        <translation>Sub-district laptop</translation>
    </message>
    <message>
        <source>District office (hub)</source>
        <translation>District office (hub)</translation>
    </message>
    <message>
        <source>This computer is</source>
        <translation>This computer is</translation>
    </message>
    <message>
        <source>Demo size</source>
        <translation>Demo size</translation>
    </message>
    <message>
        <source>Loading the demo data…</source>
        <translation>Loading the demo data…</translation>
    </message>
</context>
<context>
    <name>FlatsPage</name>
    <message>
        <source>All districts</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>Free only</source>
        <translation>Free only</translation>
    </message>
    <message>
        <source>Add flat…</source>
        <translation>Add flat…</translation>
    </message>
    <message>
        <source>Allocate to a household…</source>
        <translation>Allocate to a household…</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Reserve</source>
        <translation>Reserve</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Set free</source>
        <translation>Set free</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>Allocated to</source>
        <translation>Allocated to</translation>
    </message>
    <message>
        <source>Decide</source>
        <translation>Decide</translation>
    </message>
    <message>
        <source>This flat was also allocated to a household outside this laptop&apos;s scope, which this laptop cannot see. The district office decides at the hub; the result arrives with the next bundle.</source>
        <translation>This flat was also allocated to a household outside this laptop&apos;s scope, which this laptop cannot see. The district office decides at the hub; the result arrives with the next bundle.</translation>
    </message>
    <message>
        <source>Give the flat to</source>
        <translation>Give the flat to</translation>
    </message>
    <message>
        <source>These flats were allocated to different households on two computers while they were apart. Decide who gets each flat; nothing else can be done with it until then.</source>
        <translation>These flats were allocated to different households on two computers while they were apart. Decide who gets each flat; nothing else can be done with it until then.</translation>
    </message>
    <message>
        <source>%1 flats</source>
        <translation>%1 flats</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the counts of flats</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>Average resettlement cycle: no household housed yet.</source>
        <translation>Average resettlement cycle: no household housed yet.</translation>
    </message>
    <message>
        <source>Average resettlement cycle (signing to housed): %1 days.</source>
        <translation>Average resettlement cycle (signing to housed): %1 days.</translation>
    </message>
    <message>
        <source>%1 %2 days</source>
        <translation>%1 %2 days</translation>
    </message>
    <message>
        <source>By project: %1</source>
        <translation>By project: %1</translation>
    </message>
    <message>
        <source>Double allocations to review (%1)</source>
        <translation>Double allocations to review (%1)</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between claims</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>Nobody: the flat is free again</source>
        <translation>Nobody: the flat is free again</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>a claim and who made it</comment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Add a resettlement flat</source>
        <translation>Add a resettlement flat</translation>
    </message>
</context>
<context>
    <name>HouseholdEdit</name>
    <message>
        <source>Basic information</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Choose from calendar</source>
        <translation>Choose from calendar</translation>
    </message>
    <message>
        <source>Compensation and progress</source>
        <translation>Compensation and progress</translation>
    </message>
    <message>
        <source>House and enterprise</source>
        <translation>House and enterprise</translation>
    </message>
    <message>
        <source>Household member</source>
        <translation>Household member</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Show the full number to change it (this is recorded)</source>
        <translation>Show the full number to change it (this is recorded)</translation>
    </message>
    <message>
        <source>The ownership shares add up to %1 %, not 100 %.</source>
        <translation>The ownership shares add up to %1 %, not 100 %.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>yyyy-mm-dd</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the marked fields.</source>
        <translation>Nothing was saved: correct the marked fields.</translation>
    </message>
</context>
<context>
    <name>HouseholdEditDialog</name>
    <message>
        <source>Edit household %1</source>
        <translation>Edit household %1</translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Attitude</source>
        <translation>Attitude</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>Next visit due</source>
        <translation>Next visit due</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Open requests</translation>
    </message>
    <message>
        <source>Follow-up visit overdue</source>
        <translation>Follow-up visit overdue</translation>
    </message>
</context>
<context>
    <name>HouseholdPicker</name>
    <message>
        <source>Name, pinyin initials (zjw), address, last 4 digits of ID or phone</source>
        <translation>Name, pinyin initials (zjw), address, last 4 digits of ID or phone</translation>
    </message>
    <message>
        <source>No household found.</source>
        <translation>No household found.</translation>
    </message>
    <message>
        <source>No household chosen yet.</source>
        <translation>No household chosen yet.</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Chosen: %1</translation>
    </message>
</context>
<context>
    <name>HouseholdView</name>
    <message>
        <source>Choose a household from the list</source>
        <translation>Choose a household from the list</translation>
    </message>
    <message>
        <source>Record visit (Ctrl+N)</source>
        <translation>Record visit (Ctrl+N)</translation>
    </message>
    <message>
        <source>Log request</source>
        <translation>Log request</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Delete (注销) this household, with a reason</source>
        <translation>Delete (注销) this household, with a reason</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>Change state</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>Show phone</source>
        <translation>Show phone</translation>
    </message>
    <message>
        <source>Household members</source>
        <translation>Household members</translation>
    </message>
    <message>
        <source>Add photo or scan…</source>
        <translation>Add photo or scan…</translation>
    </message>
    <message>
        <source>Open original</source>
        <translation>Open original</translation>
    </message>
    <message>
        <source>Drag photos or scans here to attach them.</source>
        <translation>Drag photos or scans here to attach them.</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>Back to %1</translation>
    </message>
    <message>
        <source>Move back…</source>
        <translation>Move back…</translation>
    </message>
    <message>
        <source>No visits yet.</source>
        <translation>No visits yet.</translation>
    </message>
    <message>
        <source>Voided: %1</source>
        <translation>Voided: %1</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>Correct visit of %1</source>
        <translation>Correct visit of %1</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>Void visit</translation>
    </message>
    <message>
        <source>Void the visit of %1? It stays in the history, but no longer counts and no longer sets the last-visit and next-visit dates.</source>
        <translation>Void the visit of %1? It stays in the history, but no longer counts and no longer sets the last-visit and next-visit dates.</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Delete household</source>
        <translation>Delete household</translation>
    </message>
    <message>
        <source>Delete the household of %1? It leaves every list and count; its history is kept and travels with the next sync.</source>
        <translation>Delete the household of %1? It leaves every list and count; its history is kept and travels with the next sync.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a field and its value</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between a new record&apos;s fields</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Revealed %1</source>
        <translation>Revealed %1</translation>
    </message>
    <message>
        <source>Moved back: %1</source>
        <translation>Moved back: %1</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Move the state back</source>
        <translation>Move the state back</translation>
    </message>
    <message>
        <source>Why does this household go back to “%1”? The reason is kept in the history.</source>
        <translation>Why does this household go back to “%1”? The reason is kept in the history.</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>Move back</translation>
    </message>
    <message>
        <source>Attach photos or scans</source>
        <translation>Attach photos or scans</translation>
    </message>
    <message>
        <source>Photos and scans (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;All files (*)</source>
        <translation>Photos and scans (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>Adding attachments…</source>
        <translation>Adding attachments…</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Edit the household&apos;s details</source>
        <translation>Edit the household&apos;s details</translation>
    </message>
    <message>
        <source>Show ID</source>
        <translation>Show ID</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>Remove %1 from this household? The change is kept in the history.</source>
        <translation>Remove %1 from this household? The change is kept in the history.</translation>
    </message>
    <message>
        <source>Resettlement</source>
        <translation>Housing</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Find: name, pinyin initials (zjw), address, last 4 digits of ID or phone</source>
        <translation>Find: name, pinyin initials (zjw), address, last 4 digits of ID or phone</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>All attitudes</source>
        <translation>All attitudes</translation>
    </message>
    <message>
        <source>Follow-up overdue</source>
        <translation>Follow-up overdue</translation>
    </message>
    <message>
        <source>New household…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <source>Showing the first %1 of more than %2 households found</source>
        <translation>Showing the first %1 of more than %2 households found</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 households found</source>
        <translation>Showing the first %1 of %2 households found</translation>
    </message>
    <message>
        <source>1 household found</source>
        <translation>1 household found</translation>
    </message>
    <message>
        <source>%1 households found</source>
        <translation>%1 households found</translation>
    </message>
    <message>
        <source>1 household</source>
        <translation>1 household</translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation>%1 households</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Left empty, it is made from building, unit and room.</source>
        <translation>Left empty, it is made from building, unit and room.</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Doorstep (locked)</source>
        <translation>Doorstep (locked)</translation>
    </message>
</context>
<context>
    <name>IssueTicketDialog</name>
    <message>
        <source>Issue a house ticket</source>
        <translation>Issue a house ticket</translation>
    </message>
    <message>
        <source>Transferable</source>
        <translation>Transferable</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Choose the household first.</source>
        <translation>Choose the household first.</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Line item</source>
        <translation>Line item</translation>
    </message>
    <message>
        <source>the policy&apos;s price per m²</source>
        <translation>the policy&apos;s price per m²</translation>
    </message>
    <message>
        <source>the household&apos;s assessed price per m²</source>
        <translation>the household&apos;s assessed price per m²</translation>
    </message>
    <message>
        <source>the household&apos;s assessed value</source>
        <translation>the household&apos;s assessed value</translation>
    </message>
    <message>
        <source>until the flat is delivered</source>
        <translation>until the flat is delivered</translation>
    </message>
    <message>
        <source>a sum per household</source>
        <translation>a sum per household</translation>
    </message>
    <message>
        <source>a sum per m²</source>
        <translation>a sum per m²</translation>
    </message>
    <message>
        <source>a percentage of other lines</source>
        <translation>a percentage of other lines</translation>
    </message>
    <message>
        <source>Until (yyyy-mm-dd, empty: any later date)</source>
        <translation>Until (yyyy-mm-dd, empty: any later date)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>Add tier</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>Remove tier</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <source>Price from</source>
        <translation>Price from</translation>
    </message>
    <message>
        <source>Price (yuan per m², or per m² per month)</source>
        <translation>Price (yuan per m², or per m² per month)</translation>
    </message>
    <message>
        <source>Minimum (yuan, per time)</source>
        <translation>Minimum (yuan, per time)</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>Price per m² by grade</source>
        <translation>Price per m² by grade</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>Percentage</source>
        <translation>Percentage</translation>
    </message>
    <message>
        <source>Each tier is</source>
        <translation>Each tier is</translation>
    </message>
    <message>
        <source>Of the lines</source>
        <translation>Of the lines</translation>
    </message>
    <message>
        <source>Tiers by signing date</source>
        <translation>Tiers by signing date</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Doorstep is locked</source>
        <translation>Doorstep is locked</translation>
    </message>
    <message>
        <source>Type the password to go on.</source>
        <translation>Type the password to go on.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Wait %1 seconds before the next try.</source>
        <translation>Wait %1 seconds before the next try.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profile: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <source>&amp;Find household</source>
        <translation>&amp;Find household</translation>
    </message>
    <message>
        <source>Record &amp;visit</source>
        <translation>Record &amp;visit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Doorstep</source>
        <translation>&amp;About Doorstep</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Choose a household first.</source>
        <translation>Choose a household first.</translation>
    </message>
    <message>
        <source>Visit saved.</source>
        <translation>Visit saved.</translation>
    </message>
    <message>
        <source>Unsaved visit drafts (%1): %2</source>
        <translation>Unsaved visit drafts (%1): %2</translation>
    </message>
    <message>
        <source>About Doorstep</source>
        <translation>About Doorstep</translation>
    </message>
    <message>
        <source>Doorstep (入户通) — offline casework for house expropriation.</source>
        <translation>Doorstep (入户通) — offline casework for house expropriation.</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Database closed: %1</source>
        <translation>Database closed: %1</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>Scope: %1</translation>
    </message>
    <message>
        <source>This laptop holds only the records of its scope, set by the district office.</source>
        <translation>This laptop holds only the records of its scope, set by the district office.</translation>
    </message>
</context>
<context>
    <name>MaskedValue</name>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Show the full number (this is recorded)</source>
        <translation>Show the full number (this is recorded)</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Add household member</source>
        <translation>Add household member</translation>
    </message>
    <message>
        <source>Change household member %1</source>
        <translation>Change household member %1</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Compensation policies</source>
        <translation>Policies</translation>
    </message>
    <message>
        <source>Policy comparison</source>
        <translation>Compare policies</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <source>New policy</source>
        <translation>New policy</translation>
    </message>
    <message>
        <source>A district template with one item, to fill in</source>
        <translation>A district template with one item, to fill in</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>Import JSON…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Export JSON…</translation>
    </message>
    <message>
        <source>Copy into project</source>
        <translation>Copy into project</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Flat settlement price (yuan per m²)</source>
        <translation>Flat settlement price (yuan per m²)</translation>
    </message>
    <message>
        <source>Transition months when no flat is chosen</source>
        <translation>Transition months when no flat is chosen</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Add item</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>Remove item</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Save as new version</translation>
    </message>
    <message>
        <source>district template</source>
        <translation>district template</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>New item</translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation>Saved as version %1.</translation>
    </message>
    <message>
        <source>Import a policy</source>
        <translation>Import a policy</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Imported.</translation>
    </message>
    <message>
        <source>Export the policy</source>
        <translation>Export the policy</translation>
    </message>
    <message>
        <source>Exported.</source>
        <translation>Exported.</translation>
    </message>
    <message>
        <source>New compensation policy</source>
        <translation>New compensation policy</translation>
    </message>
    <message>
        <source>Created.</source>
        <translation>Created.</translation>
    </message>
    <message>
        <source>Copied into the project (in force there).</source>
        <translation>Copied into the project (in force there).</translation>
    </message>
</context>
<context>
    <name>PolicyComparisonPage</name>
    <message>
        <source>Each household&apos;s option</source>
        <translation>Each household&apos;s option</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>Money</translation>
    </message>
    <message>
        <source>House ticket</source>
        <translation>House ticket</translation>
    </message>
    <message>
        <source>Property exchange</source>
        <translation>Property exchange</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Excel…</source>
        <translation>Excel…</translation>
    </message>
    <message>
        <source>Printable summary…</source>
        <translation>Printable summary…</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <source>Signing date</source>
        <translation>Signing date</translation>
    </message>
    <message>
        <source>Policy A (in force)</source>
        <translation>Policy A (in force)</translation>
    </message>
    <message>
        <source>Policy B (considered)</source>
        <translation>Policy B (considered)</translation>
    </message>
    <message>
        <source>Choose the project and the two policies, then press Compare.</source>
        <translation>Choose the project and the two policies, then press Compare.</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Policy A (yuan)</source>
        <translation>Policy A (yuan)</translation>
    </message>
    <message>
        <source>Policy B (yuan)</source>
        <translation>Policy B (yuan)</translation>
    </message>
    <message>
        <source>B − A (yuan)</source>
        <translation>B − A (yuan)</translation>
    </message>
    <message>
        <source>Double-click a household or press Enter to open it. %1 Households lacking an input under either policy are listed but counted in neither total.</source>
        <translation>Double-click a household or press Enter to open it. %1 Households lacking an input under either policy are listed but counted in neither total.</translation>
    </message>
    <message>
        <source>.</source>
        <comment>the end of the disclaimer sentence</comment>
        <translation>.</translation>
    </message>
    <message>
        <source>district template</source>
        <translation>district template</translation>
    </message>
    <message>
        <source>Comparing the policies…</source>
        <translation>Comparing the policies…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Funding needed&lt;/b&gt;: A %1, B %2 (10k yuan) · secured %3 · gap A %4, B %5&lt;br&gt;&lt;b&gt;Better off under B&lt;/b&gt;: %6 households, +%7 · &lt;b&gt;worse off&lt;/b&gt;: %8 households, %9 · unchanged %10 · lacking inputs %11</source>
        <translation>&lt;b&gt;Funding needed&lt;/b&gt;: A %1, B %2 (10k yuan) · secured %3 · gap A %4, B %5&lt;br&gt;&lt;b&gt;Better off under B&lt;/b&gt;: %6 households, +%7 · &lt;b&gt;worse off&lt;/b&gt;: %8 households, %9 · unchanged %10 · lacking inputs %11</translation>
    </message>
    <message>
        <source>Lacks an input for an estimate</source>
        <translation>Lacks an input for an estimate</translation>
    </message>
    <message>
        <source>Households by difference B − A (yuan)</source>
        <translation>Households by difference B − A (yuan)</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>Export the comparison</translation>
    </message>
    <message>
        <source>Save the printable summary</source>
        <translation>Save the printable summary</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Writing…</translation>
    </message>
</context>
<context>
    <name>ProjectRankingPage</name>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Funding match</source>
        <translation>Funding match</translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Unsigned</source>
        <translation>Unsigned</translation>
    </message>
    <message>
        <source>Funds secured</source>
        <translation>Funds secured</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>%1 (estimate)</source>
        <translation>%1 (estimate)</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Funding needed, 10k yuan</source>
        <translation>Funding needed, 10k yuan</translation>
    </message>
    <message>
        <source>Estimated under the project&apos;s policy in force, household by household (the typed compensation where an estimate lacks inputs); it replaces the typed funding needed in the funding match. An estimate for reference only.</source>
        <translation>Estimated under the project&apos;s policy in force, household by household (the typed compensation where an estimate lacks inputs); it replaces the typed funding needed in the funding match. An estimate for reference only.</translation>
    </message>
    <message>
        <source>Households for full marks</source>
        <translation>Households for full marks</translation>
    </message>
    <message>
        <source>Mu for full marks</source>
        <translation>Mu for full marks</translation>
    </message>
    <message>
        <source>Save weights</source>
        <translation>Save weights</translation>
    </message>
    <message>
        <source>The district office sets the weights; every laptop ranks the same way.</source>
        <translation>The district office sets the weights; every laptop ranks the same way.</translation>
    </message>
    <message>
        <source>Weights are set by the district office (hub) and arrive with sync.</source>
        <translation>Weights are set by the district office (hub) and arrive with sync.</translation>
    </message>
    <message>
        <source>Priority formula</source>
        <translation>Priority formula</translation>
    </message>
    <message>
        <source>Both districts</source>
        <translation>Both districts</translation>
    </message>
    <message>
        <source>Stock and new</source>
        <translation>Stock and new</translation>
    </message>
    <message>
        <source>Include archived</source>
        <translation>Include archived</translation>
    </message>
    <message>
        <source>Double-click a project or press Enter to list its households.</source>
        <translation>Double-click a project or press Enter to list its households.</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between the formula&apos;s definitions</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>%1 projects, %2 with statutory warnings</source>
        <translation>%1 projects, %2 with statutory warnings</translation>
    </message>
    <message>
        <source>Missing, counted as 0: %1</source>
        <translation>Missing, counted as 0: %1</translation>
    </message>
    <message>
        <source>Statutory warnings</source>
        <translation>Statutory warnings</translation>
    </message>
    <message>
        <source>Stage: %1</source>
        <translation>Stage: %1</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Open requests</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <source>Double-click a project or press Enter to list its households.</source>
        <translation>Double-click a project or press Enter to list its households.</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>New project</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Look in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Files of &amp;type:</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>Please give a reason.</translation>
    </message>
    <message>
        <source>The reason must be at most %1 characters.</source>
        <translation>The reason must be at most %1 characters.</translation>
    </message>
</context>
<context>
    <name>RecordsDialog</name>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Double-click a row or press Enter to open the household.</source>
        <translation>Double-click a row or press Enter to open the household.</translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation>%1 households</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 requests</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem house ticket %1</source>
        <translation>Redeem house ticket %1</translation>
    </message>
    <message>
        <source>%1 · face %2 yuan · balance %3 yuan · valid until %4 · %5</source>
        <translation>%1 · face %2 yuan · balance %3 yuan · valid until %4 · %5</translation>
    </message>
    <message>
        <source>Amount used (yuan)</source>
        <translation>Amount used (yuan)</translation>
    </message>
    <message>
        <source>Confirm redemption</source>
        <translation>Confirm redemption</translation>
    </message>
    <message>
        <source>Enter the amount to see the bonus for the date.</source>
        <translation>Enter the amount to see the bonus for the date.</translation>
    </message>
    <message>
        <source>On %1 the bonus is %2%: %3 yuan. The developer is paid %4 yuan; the balance left on the ticket is %5 yuan.</source>
        <translation>On %1 the bonus is %2%: %3 yuan. The developer is paid %4 yuan; the balance left on the ticket is %5 yuan.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Print ID and phone numbers in full</source>
        <translation>Print ID and phone numbers in full</translation>
    </message>
    <message>
        <source>Numbers are masked unless you tick this; showing them in full is logged.</source>
        <translation>Numbers are masked unless you tick this; showing them in full is logged.</translation>
    </message>
    <message>
        <source>Generate and preview</source>
        <translation>Generate and preview</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>No document yet</source>
        <translation>No document yet</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>No project</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>An empty form for a visit recorded on paper.</source>
        <translation>An empty form for a visit recorded on paper.</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>All sub-districts</source>
        <translation>All sub-districts</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Overdue and still open only</source>
        <translation>Overdue and still open only</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>Sub-district</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1 (%2 to %3)</translation>
    </message>
    <message>
        <source>What was done this week</source>
        <translation>What was done this week</translation>
    </message>
    <message>
        <source>What is planned for next week</source>
        <translation>What is planned for next week</translation>
    </message>
    <message>
        <source>Difficulties that need the district&apos;s coordination</source>
        <translation>Difficulties that need the district&apos;s coordination</translation>
    </message>
    <message>
        <source>Kept for this week and scope as you type.</source>
        <translation>Kept for this week and scope as you type.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Done this week (本周完成)</source>
        <translation>Done this week</translation>
    </message>
    <message>
        <source>Plan for next week (下周计划)</source>
        <translation>Plan for next week</translation>
    </message>
    <message>
        <source>Difficulties needing coordination (困难和需协调事项)</source>
        <translation>Difficulties needing coordination</translation>
    </message>
    <message>
        <source>Append the projects&apos; building grids (楼盘表)</source>
        <translation>Append the projects&apos; building grids (楼盘表)</translation>
    </message>
    <message>
        <source>Only households that have signed</source>
        <translation>Only households that have signed</translation>
    </message>
    <message>
        <source>A public notice never shows ID or phone numbers.</source>
        <translation>A public notice never shows ID or phone numbers.</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>Export these figures to Excel…</source>
        <translation>Export these figures to Excel…</translation>
    </message>
    <message>
        <source>ID and phone numbers in full (logged)</source>
        <translation>ID and phone numbers in full (logged)</translation>
    </message>
    <message>
        <source>Export the household list…</source>
        <translation>Export the household list…</translation>
    </message>
    <message>
        <source>Import households from Excel…</source>
        <translation>Import households from Excel…</translation>
    </message>
    <message>
        <source>Households of</source>
        <translation>Households of</translation>
    </message>
    <message>
        <source>Export this register to Excel…</source>
        <translation>Export this register to Excel…</translation>
    </message>
    <message>
        <source>This household has no visit yet.</source>
        <translation>This household has no visit yet.</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>Generating the document…</source>
        <translation>Generating the document…</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>Public notice</translation>
    </message>
    <message>
        <source>The preview could not be shown.</source>
        <translation>The preview could not be shown.</translation>
    </message>
    <message>
        <source>%1 page(s)</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <source>Ready: %1 page(s) in %2 s.</source>
        <translation>Ready: %1 page(s) in %2 s.</translation>
    </message>
    <message>
        <source>No font here has %1: printed as code points.</source>
        <translation>No font here has %1: printed as code points.</translation>
    </message>
    <message>
        <source>It shows ID and phone numbers in full; this was logged.</source>
        <translation>It shows ID and phone numbers in full; this was logged.</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>Print %1</translation>
    </message>
    <message>
        <source>Sent %1 page(s) to the printer.</source>
        <translation>Sent %1 page(s) to the printer.</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>Save the document</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Saved to %1.</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Request register</source>
        <translation>Request register</translation>
    </message>
    <message>
        <source>Weekly figures</source>
        <translation>Weekly figures</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Exported %1 row(s) to %2.</source>
        <translation>Exported %1 row(s) to %2.</translation>
    </message>
    <message>
        <source>Exporting to Excel…</source>
        <translation>Exporting to Excel…</translation>
    </message>
    <message>
        <source>Import households from Excel</source>
        <translation>Import households from Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx);;All files (*)</source>
        <translation>Excel workbooks (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Household file (一户一档)</source>
        <translation>Household file</translation>
    </message>
    <message>
        <source>Visit record sheet (走访记录表)</source>
        <translation>Visit record sheet</translation>
    </message>
    <message>
        <source>Blank visit record sheet</source>
        <translation>Blank visit record sheet</translation>
    </message>
    <message>
        <source>Request register (诉求台账)</source>
        <translation>Request register</translation>
    </message>
    <message>
        <source>Weekly dispatch report (调度周报)</source>
        <translation>Weekly dispatch report</translation>
    </message>
    <message>
        <source>Public notice (公示)</source>
        <translation>Public notice</translation>
    </message>
</context>
<context>
    <name>RequestModel</name>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Closed after its deadline</source>
        <translation>Closed after its deadline</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>closed late</source>
        <translation>closed late</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Escalated to the district</source>
        <translation>Escalated to the district</translation>
    </message>
    <message>
        <source>What was done, who was contacted…</source>
        <translation>What was done, who was contacted…</translation>
    </message>
    <message>
        <source>Add progress entry</source>
        <translation>Add progress entry</translation>
    </message>
    <message>
        <source>Escalate to the district</source>
        <translation>Escalate to the district</translation>
    </message>
    <message>
        <source>Close with this reply</source>
        <translation>Close with this reply</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Reply and close</source>
        <translation>Reply and close</translation>
    </message>
    <message>
        <source>%1 requests, %2 overdue</source>
        <translation>%1 requests, %2 overdue</translation>
    </message>
    <message>
        <source>, %1 closed late</source>
        <translation>, %1 closed late</translation>
    </message>
    <message>
        <source>(the newest %1 shown; narrow the filters)</source>
        <translation>(the newest %1 shown; narrow the filters)</translation>
    </message>
    <message>
        <source>Choose a request in the list to see it here, log progress, escalate or close it.</source>
        <translation>Choose a request in the list to see it here, log progress, escalate or close it.</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>Write what was done first.</source>
        <translation>Write what was done first.</translation>
    </message>
</context>
<context>
    <name>ResettlementPages</name>
    <message>
        <source>Dispatch dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Project ranking</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>House tickets</source>
        <translation>House tickets</translation>
    </message>
    <message>
        <source>Resettlement flats</source>
        <translation>Flats</translation>
    </message>
</context>
<context>
    <name>ResettlementPanel</name>
    <message>
        <source>Allocate flat</source>
        <translation>Allocate flat</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>Balance (yuan)</translation>
    </message>
    <message>
        <source>Bonus today</source>
        <translation>Bonus today</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <source>Expires in %1 days</source>
        <translation>Expires in %1 days</translation>
    </message>
    <message>
        <source>Issue house ticket</source>
        <translation>Issue house ticket</translation>
    </message>
    <message>
        <source>No house ticket issued.</source>
        <translation>No house ticket issued.</translation>
    </message>
    <message>
        <source>No resettlement flat allocated.</source>
        <translation>No resettlement flat allocated.</translation>
    </message>
    <message>
        <source>Not signed yet: the resettlement cycle starts at signing.</source>
        <translation>Not signed yet: the resettlement cycle starts at signing.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Signed on %1, housed on %2: resettlement cycle %3 days.</source>
        <translation>Signed on %1, housed on %2: resettlement cycle %3 days.</translation>
    </message>
    <message>
        <source>Signed on %1, not housed yet: %2 days so far.</source>
        <translation>Signed on %1, not housed yet: %2 days so far.</translation>
    </message>
    <message>
        <source>Uses of the tickets</source>
        <translation>Uses of the tickets</translation>
    </message>
</context>
<context>
    <name>RowDetail</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ScopeDialog</name>
    <message>
        <source>Scope of “%1”</source>
        <translation>Scope of “%1”</translation>
    </message>
    <message>
        <source>The laptop will hold only these records; what leaves is removed from it at its next import (its unsent edits still reach the hub).</source>
        <translation>The laptop will hold only these records; what leaves is removed from it at its next import (its unsent edits still reach the hub).</translation>
    </message>
    <message>
        <source>All data of the district</source>
        <translation>All data of the district</translation>
    </message>
    <message>
        <source>A district and sub-district</source>
        <translation>A district and sub-district</translation>
    </message>
    <message>
        <source>Chosen projects</source>
        <translation>Chosen projects</translation>
    </message>
    <message>
        <source>empty: the whole district</source>
        <translation>empty: the whole district</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>Sub-district</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minutes</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>A new language takes effect at once.</source>
        <translation>A new language takes effect at once.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>%1  (%2, %3 GB free)</source>
        <translation>%1  (%2, %3 GB free)</translation>
    </message>
    <message>
        <source>Password of this computer&apos;s keys</source>
        <translation>Password of this computer&apos;s keys</translation>
    </message>
    <message>
        <source>Choose a password for this computer&apos;s keys:</source>
        <translation>Choose a password for this computer&apos;s keys:</translation>
    </message>
    <message>
        <source>Password of this computer&apos;s keys:</source>
        <translation>Password of this computer&apos;s keys:</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>Type it again:</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <source>District hub</source>
        <translation>District hub</translation>
    </message>
    <message>
        <source>Not yet sent</source>
        <translation>Not yet sent</translation>
    </message>
    <message>
        <source>Make this computer&apos;s keys…</source>
        <translation>Make this computer&apos;s keys…</translation>
    </message>
    <message>
        <source>Write enrolment file…</source>
        <translation>Write enrolment file…</translation>
    </message>
    <message>
        <source>Import enrolment file…</source>
        <translation>Import enrolment file…</translation>
    </message>
    <message>
        <source>Enrol at the district office: both sides write an enrolment file, import the other&apos;s, and compare the fingerprints on both screens.</source>
        <translation>Enrol at the district office: both sides write an enrolment file, import the other&apos;s, and compare the fingerprints on both screens.</translation>
    </message>
    <message>
        <source>Export to a USB stick</source>
        <translation>Export to a USB stick</translation>
    </message>
    <message>
        <source>Look for USB sticks again</source>
        <translation>Look for USB sticks again</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>Other folder…</translation>
    </message>
    <message>
        <source>Export bundle</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <source>A laptop exports every change the hub has not acknowledged; the hub writes one bundle per laptop. The file is read back and checked: remove the stick only when it says so.</source>
        <translation>A laptop exports every change the hub has not acknowledged; the hub writes one bundle per laptop. The file is read back and checked: remove the stick only when it says so.</translation>
    </message>
    <message>
        <source>Import bundles</source>
        <translation>Import bundles</translation>
    </message>
    <message>
        <source>Choose bundles to import…</source>
        <translation>Choose bundles to import…</translation>
    </message>
    <message>
        <source>Choose any number of files, in any order; importing one twice changes nothing.</source>
        <translation>Choose any number of files, in any order; importing one twice changes nothing.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>New changes</source>
        <translation>New changes</translation>
    </message>
    <message>
        <source>Already here</source>
        <translation>Already here</translation>
    </message>
    <message>
        <source>New conflicts</source>
        <translation>New conflicts</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Device registry</source>
        <translation>Device registry</translation>
    </message>
    <message>
        <source>Late edits</source>
        <translation>Late edits</translation>
    </message>
    <message>
        <source>Edits a laptop made to a record that had already left its scope. They are kept here like any other edit: pass them on to whoever now holds the record.</source>
        <translation>Edits a laptop made to a record that had already left its scope. They are kept here like any other edit: pass them on to whoever now holds the record.</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>From laptop</source>
        <translation>From laptop</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Edited on the laptop</source>
        <translation>Edited on the laptop</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Acknowledged changes</source>
        <translation>Acknowledged changes</translation>
    </message>
    <message>
        <source>Revoke the selected device…</source>
        <translation>Revoke the selected device…</translation>
    </message>
    <message>
        <source>Write the registry…</source>
        <translation>Write the registry…</translation>
    </message>
    <message>
        <source>Import a newer registry…</source>
        <translation>Import a newer registry…</translation>
    </message>
    <message>
        <source>district hub</source>
        <translation>District hub</translation>
    </message>
    <message>
        <source>laptop</source>
        <comment>the role of this computer</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <source>revoked; contact the district office</source>
        <translation>Revoked; contact the district office</translation>
    </message>
    <message>
        <source>enrolled (registry version %1)</source>
        <translation>Enrolled (registry version %1)</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 changes</translation>
    </message>
    <message>
        <source>revoked %1</source>
        <translation>Revoked %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>laptop</source>
        <comment>in the device list</comment>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>(no USB stick found)</source>
        <translation>(no USB stick found)</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>Making keys…</source>
        <translation>Making keys…</translation>
    </message>
    <message>
        <source>Writing the enrolment file…</source>
        <translation>Writing the enrolment file…</translation>
    </message>
    <message>
        <source>Choose an enrolment file</source>
        <translation>Choose an enrolment file</translation>
    </message>
    <message>
        <source>Enrolment files (*.dsenrol);;All files (*)</source>
        <translation>Enrolment files (*.dsenrol);;All files (*)</translation>
    </message>
    <message>
        <source>This is the enrolment file of “%1”.

Does the other computer&apos;s screen show this fingerprint?

%2

Enrol only if it matches exactly.</source>
        <translation>This is the enrolment file of “%1”.

Does the other computer&apos;s screen show this fingerprint?

%2

Enrol only if it matches exactly.</translation>
    </message>
    <message>
        <source>Compare fingerprints</source>
        <translation>Compare fingerprints</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Writing the bundle…</translation>
    </message>
    <message>
        <source>Choose bundles</source>
        <translation>Choose bundles</translation>
    </message>
    <message>
        <source>Bundles (*.dsbundle);;All files (*)</source>
        <translation>Bundles (*.dsbundle);;All files (*)</translation>
    </message>
    <message>
        <source>%1 of %2: decrypting…</source>
        <translation>%1 of %2: decrypting…</translation>
    </message>
    <message>
        <source>%1 of %2: applying…</source>
        <translation>%1 of %2: applying…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <comment>bundles</comment>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>already imported (0 changes)</source>
        <translation>already imported (0 changes)</translation>
    </message>
    <message>
        <source>Revoke “%1”? Bundles from it will be refused and none sent to it. This cannot be undone.</source>
        <translation>Revoke “%1”? Bundles from it will be refused and none sent to it. This cannot be undone.</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>Revoking…</translation>
    </message>
    <message>
        <source>Writing the registry…</source>
        <translation>Writing the registry…</translation>
    </message>
    <message>
        <source>Choose a registry file</source>
        <translation>Choose a registry file</translation>
    </message>
    <message>
        <source>Registry (*.dsregistry);;All files (*)</source>
        <translation>Registry (*.dsregistry);;All files (*)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <comment>the registry</comment>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Scope of the selected laptop…</source>
        <translation>Scope of the selected laptop…</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>Saving the scope…</source>
        <translation>Saving the scope…</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>TicketsPage</name>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Days left</translation>
    </message>
    <message>
        <source>Redeemed (yuan)</source>
        <translation>Redeemed (yuan)</translation>
    </message>
    <message>
        <source>Bonus paid (yuan)</source>
        <translation>Bonus paid (yuan)</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>Balance (yuan)</translation>
    </message>
    <message>
        <source>Bonus today</source>
        <translation>Bonus today</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>Expiring within 30 days</source>
        <translation>Expiring within 30 days</translation>
    </message>
    <message>
        <source>Issue ticket…</source>
        <translation>Issue ticket…</translation>
    </message>
    <message>
        <source>Redeem for a home…</source>
        <translation>Redeem for a home…</translation>
    </message>
    <message>
        <source>Buy back the balance</source>
        <translation>Buy back the balance</translation>
    </message>
    <message>
        <source>Refund the balance</source>
        <translation>Refund the balance</translation>
    </message>
    <message>
        <source>%1 tickets, %2 expiring within 30 days</source>
        <translation>%1 tickets, %2 expiring within 30 days</translation>
    </message>
    <message>
        <source>transferable</source>
        <translation>transferable</translation>
    </message>
    <message>
        <source>not transferable</source>
        <translation>not transferable</translation>
    </message>
    <message>
        <source>Bought back (yuan)</source>
        <translation>Bought back (yuan)</translation>
    </message>
    <message>
        <source>Refunded (yuan)</source>
        <translation>Refunded (yuan)</translation>
    </message>
    <message>
        <source>Paid out in all (yuan)</source>
        <translation>Paid out in all (yuan)</translation>
    </message>
    <message>
        <source>Uses recorded on different computers add up to %1 yuan more than the face amount.</source>
        <translation>Uses recorded on different computers add up to %1 yuan more than the face amount.</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Uses</translation>
    </message>
    <message>
        <source>Buy back the remaining %1 yuan of ticket %2? The ticket closes.</source>
        <translation>Buy back the remaining %1 yuan of ticket %2? The ticket closes.</translation>
    </message>
    <message>
        <source>Refund the remaining %1 yuan of ticket %2? The ticket closes.</source>
        <translation>Refund the remaining %1 yuan of ticket %2? The ticket closes.</translation>
    </message>
</context>
<context>
    <name>TiersEditor</name>
    <message>
        <source>Up to month</source>
        <translation>Up to month</translation>
    </message>
    <message>
        <source>Bonus %</source>
        <translation>Bonus %</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>Add tier</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>Remove tier</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <source>Click to list the records behind this number.</source>
        <translation>Click to list the records behind this number.</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>House tickets</source>
        <translation>House tickets</translation>
    </message>
    <message>
        <source>Statutory steps</source>
        <translation>Statutory steps</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>1 day overdue</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <source>today</source>
        <translation>today</translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>in 1 day</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>in %1 days</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>Sub-district</translation>
    </message>
    <message>
        <source>Tickets</source>
        <comment>summary column: house tickets</comment>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Statutory</source>
        <comment>summary column: steps</comment>
        <translation>Statutory</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>All caseworkers</source>
        <translation>All caseworkers</translation>
    </message>
    <message>
        <source>All sub-districts</source>
        <translation>All sub-districts</translation>
    </message>
    <message>
        <source>Nothing is due. Well done.</source>
        <translation>Nothing is due. Well done.</translation>
    </message>
    <message>
        <source>By caseworker</source>
        <translation>By caseworker</translation>
    </message>
    <message>
        <source>By sub-district</source>
        <translation>By sub-district</translation>
    </message>
    <message>
        <source>Double-click a row or press Enter to see that list.</source>
        <translation>Double-click a row or press Enter to see that list.</translation>
    </message>
    <message>
        <source>Whose list</source>
        <translation>Whose list</translation>
    </message>
    <message>
        <source>Today: %1</source>
        <translation>Today: %1</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Doorstep</source>
        <translation>Doorstep</translation>
    </message>
    <message>
        <source>Choose a password for Doorstep on this computer (at least %1 characters). Everything Doorstep keeps here is stored encrypted under it. If it is forgotten, the district office sets the computer up again; what never reached the district office is then lost.</source>
        <translation>Choose a password for Doorstep on this computer (at least %1 characters). Everything Doorstep keeps here is stored encrypted under it. If it is forgotten, the district office sets the computer up again; what never reached the district office is then lost.</translation>
    </message>
    <message>
        <source>Type the password to open Doorstep.</source>
        <translation>Type the password to open Doorstep.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>Type it again:</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Wait %1 seconds before the next try.</source>
        <translation>Wait %1 seconds before the next try.</translation>
    </message>
</context>
<context>
    <name>Unsaved</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>You have changed this form. Save the changes?</source>
        <translation>You have changed this form. Save the changes?</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Record visit</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>e.g. the head of household and his wife</source>
        <translation>e.g. the head of household and his wife</translation>
    </message>
    <message>
        <source>(not noted)</source>
        <translation>(not noted)</translation>
    </message>
    <message>
        <source>Plan the next visit</source>
        <translation>Plan the next visit</translation>
    </message>
    <message>
        <source>Ctrl+S saves · Esc closes and keeps the draft</source>
        <translation>Ctrl+S saves · Esc closes and keeps the draft</translation>
    </message>
    <message>
        <source>ID …%1</source>
        <translation>ID …%1</translation>
    </message>
    <message>
        <source>Restored a draft saved at %1 that was never saved as a visit.</source>
        <translation>Restored a draft saved at %1 that was never saved as a visit.</translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation>Draft saved %1</translation>
    </message>
    <message>
        <source>Throw away everything typed in this draft? This cannot be undone.</source>
        <translation>Throw away everything typed in this draft? This cannot be undone.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Keep the draft</source>
        <translation>Keep the draft</translation>
    </message>
    <message>
        <source>Draft discarded</source>
        <translation>Draft discarded</translation>
    </message>
    <message>
        <source>Saving the visit…</source>
        <translation>Saving the visit…</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Last 90 days</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Record visit for this household (Ctrl+N)</source>
        <translation>Record visit for this household (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>Open household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>%1 visits</source>
        <translation>%1 visits</translation>
    </message>
</context>
<context>
    <name>XlsxImportDialog</name>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Import households from Excel</source>
        <translation>Import households from Excel</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>Into project</source>
        <translation>Into project</translation>
    </message>
    <message>
        <source>Column in the sheet</source>
        <translation>Column in the sheet</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Examples</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Import as</translation>
    </message>
    <message>
        <source>1. Which column holds what</source>
        <translation>1. Which column holds what</translation>
    </message>
    <message>
        <source>2. Rows with problems (they are not imported)</source>
        <translation>2. Rows with problems (they are not imported)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Each row&apos;s own project code</source>
        <translation>Each row&apos;s own project code</translation>
    </message>
    <message>
        <source>Reading the workbook…</source>
        <translation>Reading the workbook…</translation>
    </message>
    <message>
        <source>Header on row %1; %2 row(s) of data under it.</source>
        <translation>Header on row %1; %2 row(s) of data under it.</translation>
    </message>
    <message>
        <source>As you mapped this layout last time.</source>
        <translation>As you mapped this layout last time.</translation>
    </message>
    <message>
        <source>Suggested from the column headers; check each one.</source>
        <translation>Suggested from the column headers; check each one.</translation>
    </message>
    <message>
        <source>— not imported —</source>
        <translation>— not imported —</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>Checking the rows…</translation>
    </message>
    <message>
        <source>Checking was stopped.</source>
        <translation>Checking was stopped.</translation>
    </message>
    <message>
        <source>%1 row(s): %2 can be imported, %3 have problems (%4 duplicates). Nothing is written until you press Import.</source>
        <translation>%1 row(s): %2 can be imported, %3 have problems (%4 duplicates). Nothing is written until you press Import.</translation>
    </message>
    <message>
        <source>Import %1 household(s)</source>
        <translation>Import %1 household(s)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Imported %1 household(s); %2 row(s) with problems were skipped.</source>
        <translation>Imported %1 household(s); %2 row(s) with problems were skipped.</translation>
    </message>
    <message>
        <source>Also imported: %1.</source>
        <translation>Also imported: %1.</translation>
    </message>
</context>
</TS>

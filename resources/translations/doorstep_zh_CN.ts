<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong inside Doorstep. Nothing you typed was thrown away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details were written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before you start, tell Doorstep who works on this computer. These details are written into every record you make and shown to colleagues after sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 新吴区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 旺庄街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the demo data set (fictional households for practice)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the demo data…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <source>Last visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up visit overdue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdView</name>
    <message>
        <source>Choose a household from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record visit (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Household members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photo or scan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag photos or scans here to attach them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revealed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add household member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach photos or scans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos and scans (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding attachments…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Find: name, pinyin initials (zjw), address, last 4 digits of ID or phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All attitudes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New household…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 households found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left empty, it is made from building, unit and room.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Doorstep 入户通</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record &amp;visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a household first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved visit drafts (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doorstep (入户通) — offline casework for house expropriation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaskedValue</name>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the full number (this is recorded)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>Households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a project to list its households.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestModel</name>
    <message>
        <source>Household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>All projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to the district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done, who was contacted…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add progress entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate to the district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close with this reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 requests, %2 overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write what was done first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect when Doorstep is next started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Record visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. the head of household and his wife</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not noted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan the next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored a draft saved at %1 that was never saved as a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the visit…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record visit for this household (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 visits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
            <source>This computer's name</source>
            <translation>This computer's name</translation>
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
        <name>HouseholdModel</name>
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
            <translation>Attachments</translation>
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
            <source>Show ID number</source>
            <translation>Show ID number</translation>
        </message>
        <message>
            <source>Show phone</source>
            <translation>Show phone</translation>
        </message>
        <message>
            <source>Add member</source>
            <translation>Add member</translation>
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
            <source>No visits yet.</source>
            <translation>No visits yet.</translation>
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
            <source>Created</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Revealed %1</source>
            <translation>Revealed %1</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <source>Add household member</source>
            <translation>Add household member</translation>
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
            <source>%1 households found</source>
            <translation>%1 households found</translation>
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
        <name>MainWindow</name>
        <message>
            <source>Doorstep 入户通</source>
            <translation>Doorstep 入户通</translation>
        </message>
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
            <source>Double-click a project to list its households.</source>
            <translation>Double-click a project to list its households.</translation>
        </message>
        <message>
            <source>New project</source>
            <translation>New project</translation>
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
            <source>Escalated</source>
            <translation>Escalated</translation>
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
            <source>(the newest %1 shown; narrow the filters)</source>
            <translation>(the newest %1 shown; narrow the filters)</translation>
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
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>A new language takes effect when Doorstep is next started.</source>
            <translation>A new language takes effect when Doorstep is next started.</translation>
        </message>
    </context>
    <context>
        <name>Tasks</name>
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
            <source>Restored a draft saved at %1 that was never saved as a visit.</source>
            <translation>Restored a draft saved at %1 that was never saved as a visit.</translation>
        </message>
        <message>
            <source>Draft saved %1</source>
            <translation>Draft saved %1</translation>
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
</TS>

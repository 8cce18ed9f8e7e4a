<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>Errors</name>
        <message>
            <source>Something went wrong inside Doorstep. Nothing you typed was thrown away.</source>
            <translation>入户通内部出现了程序错误。您输入的内容没有丢失。</translation>
        </message>
        <message>
            <source>Doorstep</source>
            <translation>入户通</translation>
        </message>
        <message>
            <source>The details were written to %1.</source>
            <translation>详细信息已写入 %1。</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>Welcome to Doorstep</source>
            <translation>欢迎使用入户通</translation>
        </message>
        <message>
            <source>Before you start, tell Doorstep who works on this computer. These details are written into every record you make and shown to colleagues after sync.</source>
            <translation>开始前，请填写使用这台电脑的工作人员信息。这些信息会写入您录入的每条记录，同步后同事也能看到。</translation>
        </message>
        <message>
            <source>e.g. 新吴区</source>
            <translation>例如：新吴区</translation>
        </message>
        <message>
            <source>e.g. 旺庄街道</source>
            <translation>例如：旺庄街道</translation>
        </message>
        <message>
            <source>Load the demo data set (fictional households for practice)</source>
            <translation>载入演示数据（虚构住户，供练习使用）</translation>
        </message>
        <message>
            <source> households</source>
            <translation> 户</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>您的姓名</translation>
        </message>
        <message>
            <source>District</source>
            <translation>区</translation>
        </message>
        <message>
            <source>Sub-district</source>
            <translation>街道</translation>
        </message>
        <message>
            <source>This computer's name</source>
            <translation>本机名称</translation>
        </message>
        <message>
            <source>Demo size</source>
            <translation>演示数据规模</translation>
        </message>
        <message>
            <source>Loading the demo data…</source>
            <translation>正在载入演示数据…</translation>
        </message>
    </context>
    <context>
        <name>HouseholdModel</name>
        <message>
            <source>Last visit</source>
            <translation>最近走访</translation>
        </message>
        <message>
            <source>Next visit due</source>
            <translation>下次走访</translation>
        </message>
        <message>
            <source>Open requests</source>
            <translation>未办结诉求</translation>
        </message>
        <message>
            <source>Follow-up visit overdue</source>
            <translation>已超过约定的回访日期</translation>
        </message>
    </context>
    <context>
        <name>HouseholdView</name>
        <message>
            <source>Choose a household from the list</source>
            <translation>请从左侧列表中选择一户</translation>
        </message>
        <message>
            <source>Record visit (Ctrl+N)</source>
            <translation>记录走访 (Ctrl+N)</translation>
        </message>
        <message>
            <source>Log request</source>
            <translation>登记诉求</translation>
        </message>
        <message>
            <source>Change state</source>
            <translation>变更状态</translation>
        </message>
        <message>
            <source>State:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>附件</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Computer</source>
            <translation>电脑</translation>
        </message>
        <message>
            <source>What</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Old value</source>
            <translation>原值</translation>
        </message>
        <message>
            <source>New value</source>
            <translation>新值</translation>
        </message>
        <message>
            <source>History</source>
            <translation>变更历史</translation>
        </message>
        <message>
            <source>Show ID number</source>
            <translation>显示身份证号</translation>
        </message>
        <message>
            <source>Show phone</source>
            <translation>显示电话</translation>
        </message>
        <message>
            <source>Add member</source>
            <translation>添加成员</translation>
        </message>
        <message>
            <source>Household members</source>
            <translation>家庭成员</translation>
        </message>
        <message>
            <source>Add photo or scan…</source>
            <translation>添加照片或扫描件…</translation>
        </message>
        <message>
            <source>Open original</source>
            <translation>打开原件</translation>
        </message>
        <message>
            <source>Drag photos or scans here to attach them.</source>
            <translation>可将照片或扫描件直接拖到这里。</translation>
        </message>
        <message>
            <source>No visits yet.</source>
            <translation>还没有走访记录。</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>已上报</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Revealed %1</source>
            <translation>查看了完整的%1</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Add household member</source>
            <translation>添加家庭成员</translation>
        </message>
        <message>
            <source>Attach photos or scans</source>
            <translation>添加照片或扫描件</translation>
        </message>
        <message>
            <source>Photos and scans (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;All files (*)</source>
            <translation>照片和扫描件 (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Adding attachments…</source>
            <translation>正在添加附件…</translation>
        </message>
    </context>
    <context>
        <name>HouseholdsPage</name>
        <message>
            <source>Find: name, pinyin initials (zjw), address, last 4 digits of ID or phone</source>
            <translation>查找：姓名、拼音首字母(zjw)、地址、身份证或电话后4位</translation>
        </message>
        <message>
            <source>All projects</source>
            <translation>全部项目</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All attitudes</source>
            <translation>全部态度</translation>
        </message>
        <message>
            <source>Follow-up overdue</source>
            <translation>逾期未回访</translation>
        </message>
        <message>
            <source>New household…</source>
            <translation>新建住户…</translation>
        </message>
        <message>
            <source>%1 households found</source>
            <translation>找到 %1 户</translation>
        </message>
        <message>
            <source>%1 households</source>
            <translation>共 %1 户</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在载入…</translation>
        </message>
        <message>
            <source>New household</source>
            <translation>新建住户</translation>
        </message>
        <message>
            <source>Left empty, it is made from building, unit and room.</source>
            <translation>不填写时，由楼栋、单元、房号自动生成。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Doorstep 入户通</source>
            <translation>入户通</translation>
        </message>
        <message>
            <source>Database: %1</source>
            <translation>数据库：%1</translation>
        </message>
        <message>
            <source>Profile: %1</source>
            <translation>本机档案：%1</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Work</source>
            <translation>工作(&amp;W)</translation>
        </message>
        <message>
            <source>&amp;Find household</source>
            <translation>查找住户(&amp;F)</translation>
        </message>
        <message>
            <source>Record &amp;visit</source>
            <translation>记录走访(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;About Doorstep</source>
            <translation>关于入户通(&amp;A)</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续填写</translation>
        </message>
        <message>
            <source>Choose a household first.</source>
            <translation>请先选择一户。</translation>
        </message>
        <message>
            <source>Visit saved.</source>
            <translation>走访记录已保存。</translation>
        </message>
        <message>
            <source>Unsaved visit drafts (%1): %2</source>
            <translation>有未保存的走访草稿（%1 份）：%2</translation>
        </message>
        <message>
            <source>About Doorstep</source>
            <translation>关于入户通</translation>
        </message>
        <message>
            <source>Doorstep (入户通) — offline casework for house expropriation.</source>
            <translation>入户通 — 房屋征收入户工作离线助手。</translation>
        </message>
    </context>
    <context>
        <name>MaskedValue</name>
        <message>
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>Show the full number (this is recorded)</source>
            <translation>显示完整号码（此操作会被记录）</translation>
        </message>
    </context>
    <context>
        <name>Pages</name>
        <message>
            <source>Households</source>
            <translation>住户</translation>
        </message>
        <message>
            <source>Projects</source>
            <translation>项目</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>走访</translation>
        </message>
    </context>
    <context>
        <name>ProjectsPage</name>
        <message>
            <source>Households</source>
            <translation>住户</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>已签约</translation>
        </message>
        <message>
            <source>Open requests</source>
            <translation>未办结诉求</translation>
        </message>
        <message>
            <source>New project…</source>
            <translation>新建项目…</translation>
        </message>
        <message>
            <source>Double-click a project to list its households.</source>
            <translation>双击项目可查看其住户。</translation>
        </message>
        <message>
            <source>New project</source>
            <translation>新建项目</translation>
        </message>
    </context>
    <context>
        <name>RequestModel</name>
        <message>
            <source>Household</source>
            <translation>住户</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>已上报</translation>
        </message>
    </context>
    <context>
        <name>RequestsPage</name>
        <message>
            <source>All projects</source>
            <translation>全部项目</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All categories</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>只看逾期</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>Escalated to the district</source>
            <translation>已上报区里</translation>
        </message>
        <message>
            <source>What was done, who was contacted…</source>
            <translation>做了什么、联系了谁…</translation>
        </message>
        <message>
            <source>Add progress entry</source>
            <translation>添加办理进展</translation>
        </message>
        <message>
            <source>Escalate to the district</source>
            <translation>上报区里</translation>
        </message>
        <message>
            <source>Close with this reply</source>
            <translation>答复并办结</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>办理进展</translation>
        </message>
        <message>
            <source>Reply and close</source>
            <translation>答复办结</translation>
        </message>
        <message>
            <source>%1 requests, %2 overdue</source>
            <translation>共 %1 件，逾期 %2 件</translation>
        </message>
        <message>
            <source>(the newest %1 shown; narrow the filters)</source>
            <translation>（只显示最新的 %1 件，请缩小筛选范围）</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>已上报</translation>
        </message>
        <message>
            <source>Write what was done first.</source>
            <translation>请先填写办理进展。</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>A new language takes effect when Doorstep is next started.</source>
            <translation>更改的界面语言在下次启动入户通时生效。</translation>
        </message>
    </context>
    <context>
        <name>Tasks</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Please wait</source>
            <translation>请稍候</translation>
        </message>
    </context>
    <context>
        <name>VisitForm</name>
        <message>
            <source>Record visit</source>
            <translation>记录走访</translation>
        </message>
        <message>
            <source>Discard draft</source>
            <translation>丢弃草稿</translation>
        </message>
        <message>
            <source>e.g. the head of household and his wife</source>
            <translation>例如：户主及其妻子</translation>
        </message>
        <message>
            <source>(not noted)</source>
            <translation>（未记录）</translation>
        </message>
        <message>
            <source>Plan the next visit</source>
            <translation>安排下次走访</translation>
        </message>
        <message>
            <source>Ctrl+S saves · Esc closes and keeps the draft</source>
            <translation>Ctrl+S 保存 · Esc 关闭并保留草稿</translation>
        </message>
        <message>
            <source>Restored a draft saved at %1 that was never saved as a visit.</source>
            <translation>已恢复 %1 自动保存的草稿，它还没有保存为走访记录。</translation>
        </message>
        <message>
            <source>Draft saved %1</source>
            <translation>草稿已自动保存 %1</translation>
        </message>
        <message>
            <source>Draft discarded</source>
            <translation>草稿已丢弃</translation>
        </message>
        <message>
            <source>Saving the visit…</source>
            <translation>正在保存走访记录…</translation>
        </message>
    </context>
    <context>
        <name>VisitsPage</name>
        <message>
            <source>Last 7 days</source>
            <translation>最近 7 天</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>最近 30 天</translation>
        </message>
        <message>
            <source>Last 90 days</source>
            <translation>最近 90 天</translation>
        </message>
        <message>
            <source>Last year</source>
            <translation>最近一年</translation>
        </message>
        <message>
            <source>Record visit for this household (Ctrl+N)</source>
            <translation>为该户记录走访 (Ctrl+N)</translation>
        </message>
        <message>
            <source>Open household</source>
            <translation>打开住户</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Head of household</source>
            <translation>户主</translation>
        </message>
        <message>
            <source>%1 visits</source>
            <translation>共 %1 次走访</translation>
        </message>
    </context>
</TS>

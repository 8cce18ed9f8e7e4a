<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AllocateFlatDialog</name>
    <message>
        <source>Allocate flat %1</source>
        <translation>分配房源 %1</translation>
    </message>
    <message>
        <source>Temporary housing (临时周转)</source>
        <translation>临时周转（过渡安置）</translation>
    </message>
    <message>
        <source>Allocate</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Choose the household first.</source>
        <translation>请先选择住户。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Doorstep</source>
        <translation>入户通</translation>
    </message>
</context>
<context>
    <name>BuildingGridPage</name>
    <message>
        <source>✓</source>
        <translation>同</translation>
    </message>
    <message>
        <source>?</source>
        <translation>观</translation>
    </message>
    <message>
        <source>✗</source>
        <translation>反</translation>
    </message>
    <message>
        <source>Address not recognised</source>
        <translation>地址未能识别</translation>
    </message>
    <message>
        <source>Signed %1 / %2</source>
        <translation>签约 %1 / %2</translation>
    </message>
    <message>
        <source>%1F</source>
        <translation>%1层</translation>
    </message>
    <message>
        <source>Floor ?</source>
        <translation>层不详</translation>
    </message>
    <message>
        <source>Unit %1</source>
        <translation>%1单元</translation>
    </message>
    <message>
        <source>(overdue)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Landscape A4, or A3 when a building is too wide</source>
        <translation>横向 A4；楼栋过宽时用 A3</translation>
    </message>
    <message>
        <source>Highlight: nothing</source>
        <translation>突出显示：无</translation>
    </message>
    <message>
        <source>Highlight: not signed</source>
        <translation>突出显示：未签约</translation>
    </message>
    <message>
        <source>Highlight: opposes</source>
        <translation>突出显示：反对</translation>
    </message>
    <message>
        <source>Highlight: undecided</source>
        <translation>突出显示：观望</translation>
    </message>
    <message>
        <source>Highlight: visit overdue</source>
        <translation>突出显示：走访逾期</translation>
    </message>
    <message>
        <source>Highlight: my households</source>
        <translation>突出显示：我负责的</translation>
    </message>
    <message>
        <source>Scroll to a building or street</source>
        <translation>跳到某栋楼或某条街巷</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <source>Click a room to open the household (or move with the arrow keys, Enter).</source>
        <translation>点击房间打开该户（也可用方向键移动、回车打开）。</translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <source>Go to…</source>
        <translation>跳到…</translation>
    </message>
    <message>
        <source>%1 buildings · signed %2 / %3 (%4)</source>
        <translation>%1 栋楼 · 签约 %2 / %3（%4）</translation>
    </message>
    <message>
        <source>visit overdue</source>
        <translation>走访逾期</translation>
    </message>
    <message>
        <source>Save the building grid</source>
        <translation>保存楼盘表</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Making the building grid…</source>
        <translation>正在生成楼盘表…</translation>
    </message>
    <message>
        <source>Saved %1 (%2 pages).</source>
        <translation>已保存 %1（共 %2 页）。</translation>
    </message>
    <message>
        <source>Building grid</source>
        <translation>楼盘表</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>更改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>正在更改密码…</translation>
    </message>
</context>
<context>
    <name>ChooseFlatDialog</name>
    <message>
        <source>Allocate</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Allocate a flat to %1</source>
        <translation>为%1分配房源</translation>
    </message>
    <message>
        <source>Choose a flat first.</source>
        <translation>请先选择一套房源。</translation>
    </message>
    <message>
        <source>Free and reserved flats of %1.</source>
        <translation>%1的空闲和预留房源。</translation>
    </message>
    <message>
        <source>Free and reserved flats.</source>
        <translation>空闲和预留房源。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>已建成</translation>
    </message>
    <message>
        <source>Temporary housing (临时周转)</source>
        <translation>临时周转（过渡安置）</translation>
    </message>
    <message>
        <source>There is no free flat in this district.</source>
        <translation>本区暂无空闲房源。</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Kind</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>各方的值</translation>
    </message>
    <message>
        <source>Resolve</source>
        <comment>the title of the detail box</comment>
        <translation>处理冲突</translation>
    </message>
    <message>
        <source>or type a new value</source>
        <translation>或输入一个新值</translation>
    </message>
    <message>
        <source>Resolve</source>
        <comment>the button</comment>
        <translation>采用</translation>
    </message>
    <message>
        <source>The value chosen is saved as an ordinary edit and travels with the next sync.</source>
        <translation>选定的值会作为一次普通修改保存，并随下次同步发到其他电脑。</translation>
    </message>
    <message>
        <source>One of these households is outside this laptop&apos;s scope and cannot be seen here, so this conflict cannot be settled on this laptop. The district office decides at the hub; the result arrives with the next bundle.</source>
        <translation>其中一户在本机的工作范围外，本机看不到该住户，所以这个冲突不能在本机处理。由区征收办在中心电脑上决定，结果随下一个同步包送达。</translation>
    </message>
    <message>
        <source>There are no conflicts to resolve.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>deleted on one computer, edited on another</source>
        <translation>一台电脑上删除，另一台上修改</translation>
    </message>
    <message>
        <source>Decided at the district office</source>
        <translation>由区征收办决定</translation>
    </message>
    <message>
        <source>Keep the record (with the edits)</source>
        <translation>保留这条记录（连同修改）</translation>
    </message>
    <message>
        <source>Delete the record</source>
        <translation>删除这条记录</translation>
    </message>
    <message>
        <source>%1 (shown now)</source>
        <translation>%1（当前显示）</translation>
    </message>
    <message>
        <source>Conflicts to resolve: %1</source>
        <translation>冲突待处理：%1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>All projects</source>
        <translation>全部项目</translation>
    </message>
    <message>
        <source>District</source>
        <translation>按区</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>按街道</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>按项目</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周次</translation>
    </message>
    <message>
        <source>Click a number, bar, point or slice to list the households or requests behind it.</source>
        <translation>点击任一数字、柱条、折线点或扇区，可列出其背后的住户或诉求。</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1（%2 至 %3）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Funding by estimate: no project in this scope has a policy in force.</source>
        <translation>资金（测算）：范围内没有执行中补偿方案的项目。</translation>
    </message>
    <message>
        <source>Funding needed by estimate: %1 (10k yuan) for %2 project(s) · secured %3 · gap %4</source>
        <translation>测算所需资金：%1 万元（%2 个项目）· 到位资金 %3 万元 · 缺口 %4 万元</translation>
    </message>
    <message>
        <source>%1 household(s) by their typed amount</source>
        <translation>%1 户按已填补偿金额计</translation>
    </message>
    <message>
        <source>%1 household(s) without estimate or amount not counted</source>
        <translation>%1 户既无测算也无补偿金额，未计入</translation>
    </message>
    <message>
        <source>%1 project(s) without a policy</source>
        <translation>%1 个项目没有补偿方案</translation>
    </message>
    <message>
        <source>an estimate for reference only</source>
        <translation>测算仅供参考</translation>
    </message>
    <message>
        <source>%1, figures as of %2</source>
        <translation>%1，数据截至 %2</translation>
    </message>
    <message>
        <source>this week +%1</source>
        <translation>本周 +%1</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户总数</translation>
    </message>
    <message>
        <source>planned %1, surveyed %2</source>
        <translation>计划 %1 户，调查率 %2</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签约</translation>
    </message>
    <message>
        <source>signing rate %1</source>
        <translation>签约率 %1</translation>
    </message>
    <message>
        <source>Vacated</source>
        <translation>已腾空</translation>
    </message>
    <message>
        <source>vacating rate %1</source>
        <translation>腾空率 %1</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>已交房</translation>
    </message>
    <message>
        <source>handover rate %1, %2 to go</source>
        <translation>交房率 %1，剩余 %2 户</translation>
    </message>
    <message>
        <source>Average resettlement cycle</source>
        <translation>平均安置周期</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 households housed</source>
        <translation>已安置到位 %1 户</translation>
    </message>
    <message>
        <source>Days from signing to being housed, averaged over the households housed.</source>
        <translation>从签约到安置到位的天数，按已安置到位的住户平均。</translation>
    </message>
    <message>
        <source>Requests received</source>
        <translation>受理诉求</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>未办结 %1</translation>
    </message>
    <message>
        <source>Requests closed</source>
        <translation>已办结诉求</translation>
    </message>
    <message>
        <source>closure rate %1, on time %2</source>
        <translation>办结率 %1，按期 %2</translation>
    </message>
    <message>
        <source>Overdue requests</source>
        <translation>超期未办结</translation>
    </message>
    <message>
        <source>open past their deadline</source>
        <translation>已过办理期限仍未办结</translation>
    </message>
    <message>
        <source>House tickets issued</source>
        <translation>已出具房票</translation>
    </message>
    <message>
        <source>used %1 · expiring in 30 days %2</source>
        <translation>已使用 %1 · 30日内到期 %2</translation>
    </message>
    <message>
        <source>Click to open the house tickets.</source>
        <translation>点击打开房票台账。</translation>
    </message>
    <message>
        <source>allocated %1 · temporary %2</source>
        <translation>已分配 %1 · 临时周转 %2</translation>
    </message>
    <message>
        <source>double %1</source>
        <translation>重复分配 %1</translation>
    </message>
    <message>
        <source>Flats available</source>
        <translation>可用安置房源</translation>
    </message>
    <message>
        <source>Click to open the resettlement flats.</source>
        <translation>点击打开安置房源。</translation>
    </message>
    <message>
        <source>Signing, vacating and handover (% of households)</source>
        <translation>签约、腾空、交房进度（占户数 %）</translation>
    </message>
    <message>
        <source>Progress week by week (households, cumulative)</source>
        <translation>逐周进度（累计户数）</translation>
    </message>
    <message>
        <source>W%1</source>
        <translation>第%1周</translation>
    </message>
    <message>
        <source>Requests by category (closure rate %1)</source>
        <translation>诉求按类别（办结率 %1）</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Open, within deadline</source>
        <translation>在办未超期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期未办结</translation>
    </message>
    <message>
        <source>Requests by state (%1 in all)</source>
        <translation>诉求按状态（共 %1 件）</translation>
    </message>
</context>
<context>
    <name>DateLine</name>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Pick a date (Alt+Down)</source>
        <translation>从日历选择日期（Alt+↓）</translation>
    </message>
</context>
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
    <name>EstimateTab</name>
    <message>
        <source>The signing date the date tiers look at (the household&apos;s own when signed)</source>
        <translation>按期签约奖励等分档所看的签约日期（已签约的住户按其签约日期）</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>补偿方案：</translation>
    </message>
    <message>
        <source>Supposed signing date:</source>
        <translation>假定签约日期：</translation>
    </message>
    <message>
        <source>Set compensation amount</source>
        <translation>设为补偿金额</translation>
    </message>
    <message>
        <source>Set the household&apos;s compensation amount to this option&apos;s total (recorded)</source>
        <translation>把该方式的合计设为住户的补偿金额（记入变更历史）</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>货币补偿</translation>
    </message>
    <message>
        <source>House ticket</source>
        <translation>房票</translation>
    </message>
    <message>
        <source>Property exchange</source>
        <translation>产权调换</translation>
    </message>
    <message>
        <source> (district template)</source>
        <translation>（区级模板）</translation>
    </message>
    <message>
        <source>Policy: %1 (version %2). Signing date: %3. %4 %5</source>
        <translation>补偿方案：%1（第 %2 版）。签约日期：%3。%4%5。</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>%1 m² (%2)</source>
        <translation>%1 ㎡（%2）</translation>
    </message>
    <message>
        <source>%1 yuan/m²</source>
        <translation>%1 元/㎡</translation>
    </message>
    <message>
        <source>assessed value %1 yuan</source>
        <translation>评估总价 %1 元</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation>（已选）</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Total (yuan)</source>
        <translation>合计（元）</translation>
    </message>
    <message>
        <source>In capitals</source>
        <translation>大写</translation>
    </message>
    <message>
        <source>Difference: %1</source>
        <translation>差价：%1</translation>
    </message>
    <message>
        <source>Flat value / difference</source>
        <translation>安置房价值 / 差价</translation>
    </message>
    <message>
        <source>Compensation amount set to %1 yuan (%2, policy version %3).</source>
        <translation>补偿金额已设为 %1 元（%2，补偿方案第 %3 版）。</translation>
    </message>
    <message>
        <source>Save the estimate sheet</source>
        <translation>保存补偿测算单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1 (%2 page(s)).</source>
        <translation>已保存 %1（共 %2 页）。</translation>
    </message>
    <message>
        <source>Writing the estimate sheet…</source>
        <translation>正在生成补偿测算单…</translation>
    </message>
    <message>
        <source>Sent %1 page(s) to the printer.</source>
        <translation>已将 %1 页发送到打印机。</translation>
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
        <source>This computer&apos;s name</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <source>Sub-district laptop</source>
        <translation>街道笔记本</translation>
    </message>
    <message>
        <source>District office (hub)</source>
        <translation>区征收办（中心）</translation>
    </message>
    <message>
        <source>This computer is</source>
        <translation>本机用途</translation>
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
    <name>FlatsPage</name>
    <message>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Free only</source>
        <translation>只看空闲</translation>
    </message>
    <message>
        <source>Add flat…</source>
        <translation>新增房源…</translation>
    </message>
    <message>
        <source>Allocate to a household…</source>
        <translation>分配给住户…</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>Reserve</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Set free</source>
        <translation>设为空闲</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>房源</translation>
    </message>
    <message>
        <source>Allocated to</source>
        <translation>分配给</translation>
    </message>
    <message>
        <source>Decide</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>This flat was also allocated to a household outside this laptop&apos;s scope, which this laptop cannot see. The district office decides at the hub; the result arrives with the next bundle.</source>
        <translation>这套房源还分配给了本机工作范围外的住户，本机看不到该住户。由区征收办在中心电脑上决定，结果随下一个同步包送达。</translation>
    </message>
    <message>
        <source>Give the flat to</source>
        <translation>这套房源分配给</translation>
    </message>
    <message>
        <source>These flats were allocated to different households on two computers while they were apart. Decide who gets each flat; nothing else can be done with it until then.</source>
        <translation>以下房源在两台电脑离线期间分别分配给了不同住户。请确定每套房源归谁；确定之前不能再对它做其他操作。</translation>
    </message>
    <message>
        <source>%1 flats</source>
        <translation>共 %1 套</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the counts of flats</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>Average resettlement cycle: no household housed yet.</source>
        <translation>平均安置周期：尚无住户安置到位。</translation>
    </message>
    <message>
        <source>Average resettlement cycle (signing to housed): %1 days.</source>
        <translation>平均安置周期（签约至安置到位）：%1 天。</translation>
    </message>
    <message>
        <source>%1 %2 days</source>
        <translation>%1 %2 天</translation>
    </message>
    <message>
        <source>By project: %1</source>
        <translation>按项目：%1</translation>
    </message>
    <message>
        <source>Double allocations to review (%1)</source>
        <translation>重复分配待处理（%1）</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between claims</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>Nobody: the flat is free again</source>
        <translation>都不分配：房源恢复空闲</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <comment>a claim and who made it</comment>
        <translation>%1— %2</translation>
    </message>
    <message>
        <source>Add a resettlement flat</source>
        <translation>新增安置房源</translation>
    </message>
</context>
<context>
    <name>HouseholdEdit</name>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Choose from calendar</source>
        <translation>从日历中选择</translation>
    </message>
    <message>
        <source>Compensation and progress</source>
        <translation>补偿与进度</translation>
    </message>
    <message>
        <source>House and enterprise</source>
        <translation>房屋与企业</translation>
    </message>
    <message>
        <source>Household member</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Show the full number to change it (this is recorded)</source>
        <translation>显示完整号码以便修改（此操作会被记录）</translation>
    </message>
    <message>
        <source>The ownership shares add up to %1 %, not 100 %.</source>
        <translation>产权份额合计为 %1 %，不是 100 %。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the marked fields.</source>
        <translation>未保存：请修改标出的栏目。</translation>
    </message>
</context>
<context>
    <name>HouseholdEditDialog</name>
    <message>
        <source>Edit household %1</source>
        <translation>编辑住户信息 — %1</translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次走访</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>所属项目</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attitude</source>
        <translation>态度</translation>
    </message>
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
    <name>HouseholdPicker</name>
    <message>
        <source>Name, pinyin initials (zjw), address, last 4 digits of ID or phone</source>
        <translation>姓名、拼音首字母（zjw）、地址、身份证或电话后4位</translation>
    </message>
    <message>
        <source>No household found.</source>
        <translation>没有找到住户。</translation>
    </message>
    <message>
        <source>No household chosen yet.</source>
        <translation>尚未选择住户。</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>已选：%1</translation>
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
        <source>Delete…</source>
        <translation>注销…</translation>
    </message>
    <message>
        <source>Delete (注销) this household, with a reason</source>
        <translation>注销这一户（需填写原因）</translation>
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
        <source>Estimate</source>
        <translation>补偿测算</translation>
    </message>
    <message>
        <source>Show phone</source>
        <translation>显示电话</translation>
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
        <source>Back to %1</source>
        <translation>退回到 %1</translation>
    </message>
    <message>
        <source>Move back…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>No visits yet.</source>
        <translation>还没有走访记录。</translation>
    </message>
    <message>
        <source>Voided: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Correct visit of %1</source>
        <translation>更正 %1 的走访</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>作废走访</translation>
    </message>
    <message>
        <source>Void the visit of %1? It stays in the history, but no longer counts and no longer sets the last-visit and next-visit dates.</source>
        <translation>作废 %1 的这次走访？它仍留在变更历史中，但不再计入次数，也不再决定最近走访和下次走访日期。</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Delete household</source>
        <translation>注销住户</translation>
    </message>
    <message>
        <source>Delete the household of %1? It leaves every list and count; its history is kept and travels with the next sync.</source>
        <translation>注销 %1 这一户？它将从所有列表和统计中移除；变更历史会保留，并随下次同步发出。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>注销</translation>
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
        <source>%1: %2</source>
        <comment>a field and its value</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between a new record&apos;s fields</comment>
        <translation>；</translation>
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
        <source>Moved back: %1</source>
        <translation>状态退回：%1</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Move the state back</source>
        <translation>退回状态</translation>
    </message>
    <message>
        <source>Why does this household go back to “%1”? The reason is kept in the history.</source>
        <translation>这户为什么退回到“%1”？原因会记入变更历史。</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>退回</translation>
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
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the household&apos;s details</source>
        <translation>编辑住户的基本信息</translation>
    </message>
    <message>
        <source>Show ID</source>
        <translation>显示身份证号</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改成员…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除成员…</translation>
    </message>
    <message>
        <source>Remove %1 from this household? The change is kept in the history.</source>
        <translation>将%1从本户移除？此变更会记入变更历史。</translation>
    </message>
    <message>
        <source>Resettlement</source>
        <translation>安置</translation>
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
        <source>Showing the first %1 of more than %2 households found</source>
        <translation>显示前 %1 户，共找到 %2 户以上</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 households found</source>
        <translation>显示前 %1 户，共找到 %2 户</translation>
    </message>
    <message>
        <source>1 household found</source>
        <translation>找到 1 户</translation>
    </message>
    <message>
        <source>%1 households found</source>
        <translation>找到 %1 户</translation>
    </message>
    <message>
        <source>1 household</source>
        <translation>共 1 户</translation>
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
    <name>IdleLock</name>
    <message>
        <source>Doorstep (locked)</source>
        <translation>入户通（已锁定）</translation>
    </message>
</context>
<context>
    <name>IssueTicketDialog</name>
    <message>
        <source>Issue a house ticket</source>
        <translation>出具房票</translation>
    </message>
    <message>
        <source>Transferable</source>
        <translation>可转让</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <source>Choose the household first.</source>
        <translation>请先选择住户。</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Line item</source>
        <translation>补偿项目</translation>
    </message>
    <message>
        <source>the policy&apos;s price per m²</source>
        <translation>方案规定的每平方米单价</translation>
    </message>
    <message>
        <source>the household&apos;s assessed price per m²</source>
        <translation>住户的评估单价</translation>
    </message>
    <message>
        <source>the household&apos;s assessed value</source>
        <translation>住户的评估总价</translation>
    </message>
    <message>
        <source>until the flat is delivered</source>
        <translation>至安置房交付</translation>
    </message>
    <message>
        <source>a sum per household</source>
        <translation>每户金额</translation>
    </message>
    <message>
        <source>a sum per m²</source>
        <translation>每平方米金额</translation>
    </message>
    <message>
        <source>a percentage of other lines</source>
        <translation>其他项目的百分比</translation>
    </message>
    <message>
        <source>Until (yyyy-mm-dd, empty: any later date)</source>
        <translation>截止日期（yyyy-mm-dd，空为此后任意日期）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加档次</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除档次</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Price from</source>
        <translation>单价来源</translation>
    </message>
    <message>
        <source>Price (yuan per m², or per m² per month)</source>
        <translation>单价（元/㎡，或元/㎡·月）</translation>
    </message>
    <message>
        <source>Minimum (yuan, per time)</source>
        <translation>最低额（元/次）</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Price per m² by grade</source>
        <translation>各装修档次单价（元/㎡）</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>月数</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Percentage</source>
        <translation>比例（%）</translation>
    </message>
    <message>
        <source>Each tier is</source>
        <translation>每档为</translation>
    </message>
    <message>
        <source>Of the lines</source>
        <translation>依据的项目</translation>
    </message>
    <message>
        <source>Tiers by signing date</source>
        <translation>按签约日期分档</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Doorstep is locked</source>
        <translation>入户通已锁定</translation>
    </message>
    <message>
        <source>Type the password to go on.</source>
        <translation>请输入密码以继续。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Wait %1 seconds before the next try.</source>
        <translation>请等待 %1 秒后再试。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
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
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Database closed: %1</source>
        <translation>数据库已关闭：%1</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>全区数据</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>工作范围：%1</translation>
    </message>
    <message>
        <source>This laptop holds only the records of its scope, set by the district office.</source>
        <translation>本机只保存区征收办设定的工作范围内的记录。</translation>
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
    <name>MemberDialog</name>
    <message>
        <source>Add household member</source>
        <translation>添加家庭成员</translation>
    </message>
    <message>
        <source>Change household member %1</source>
        <translation>修改家庭成员：%1</translation>
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
    <message>
        <source>Documents</source>
        <translation>文书报表</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Compensation policies</source>
        <translation>补偿方案</translation>
    </message>
    <message>
        <source>Policy comparison</source>
        <translation>方案比较</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <source>New policy</source>
        <translation>新建方案</translation>
    </message>
    <message>
        <source>A district template with one item, to fill in</source>
        <translation>新建一个只有一项的区级模板，再逐项填写</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>导入 JSON…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Copy into project</source>
        <translation>复制到项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Flat settlement price (yuan per m²)</source>
        <translation>安置房结算单价（元/㎡）</translation>
    </message>
    <message>
        <source>Transition months when no flat is chosen</source>
        <translation>未选定安置房时的过渡月数</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加项目</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>保存为新版本</translation>
    </message>
    <message>
        <source>district template</source>
        <translation>区级模板</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新项目</translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation>已保存为第 %1 版。</translation>
    </message>
    <message>
        <source>Import a policy</source>
        <translation>导入补偿方案</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <source>Export the policy</source>
        <translation>导出补偿方案</translation>
    </message>
    <message>
        <source>Exported.</source>
        <translation>已导出。</translation>
    </message>
    <message>
        <source>New compensation policy</source>
        <translation>新补偿方案</translation>
    </message>
    <message>
        <source>Created.</source>
        <translation>已新建。</translation>
    </message>
    <message>
        <source>Copied into the project (in force there).</source>
        <translation>已复制到该项目（在该项目执行）。</translation>
    </message>
</context>
<context>
    <name>PolicyComparisonPage</name>
    <message>
        <source>Each household&apos;s option</source>
        <translation>各户所选方式</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>货币补偿</translation>
    </message>
    <message>
        <source>House ticket</source>
        <translation>房票</translation>
    </message>
    <message>
        <source>Property exchange</source>
        <translation>产权调换</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Excel…</source>
        <translation>Excel…</translation>
    </message>
    <message>
        <source>Printable summary…</source>
        <translation>打印汇总…</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>测算方式</translation>
    </message>
    <message>
        <source>Signing date</source>
        <translation>签约日期</translation>
    </message>
    <message>
        <source>Policy A (in force)</source>
        <translation>方案A（现行）</translation>
    </message>
    <message>
        <source>Policy B (considered)</source>
        <translation>方案B（比较）</translation>
    </message>
    <message>
        <source>Choose the project and the two policies, then press Compare.</source>
        <translation>选好项目和两个方案，然后点“比较”。</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户主/单位</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Policy A (yuan)</source>
        <translation>方案A（元）</translation>
    </message>
    <message>
        <source>Policy B (yuan)</source>
        <translation>方案B（元）</translation>
    </message>
    <message>
        <source>B − A (yuan)</source>
        <translation>B−A（元）</translation>
    </message>
    <message>
        <source>Double-click a household or press Enter to open it. %1 Households lacking an input under either policy are listed but counted in neither total.</source>
        <translation>双击住户或按回车键可打开。%1缺少测算数据的住户列出但不计入任一合计。</translation>
    </message>
    <message>
        <source>.</source>
        <comment>the end of the disclaimer sentence</comment>
        <translation>。</translation>
    </message>
    <message>
        <source>district template</source>
        <translation>区级模板</translation>
    </message>
    <message>
        <source>Comparing the policies…</source>
        <translation>正在比较方案…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Funding needed&lt;/b&gt;: A %1, B %2 (10k yuan) · secured %3 · gap A %4, B %5&lt;br&gt;&lt;b&gt;Better off under B&lt;/b&gt;: %6 households, +%7 · &lt;b&gt;worse off&lt;/b&gt;: %8 households, %9 · unchanged %10 · lacking inputs %11</source>
        <translation>&lt;b&gt;所需资金&lt;/b&gt;：方案A %1、方案B %2（万元）· 到位资金 %3 · 缺口 A %4、B %5&lt;br&gt;&lt;b&gt;按B增加&lt;/b&gt;：%6 户，+%7 万元 · &lt;b&gt;按B减少&lt;/b&gt;：%8 户，%9 万元 · 不变 %10 户 · 缺少数据 %11 户</translation>
    </message>
    <message>
        <source>Lacks an input for an estimate</source>
        <translation>缺少测算数据</translation>
    </message>
    <message>
        <source>Households by difference B − A (yuan)</source>
        <translation>按差额（B−A，元）分的户数</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>导出方案比较</translation>
    </message>
    <message>
        <source>Save the printable summary</source>
        <translation>保存打印汇总</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
</context>
<context>
    <name>ProjectRankingPage</name>
    <message>
        <source>Urgency</source>
        <translation>紧迫</translation>
    </message>
    <message>
        <source>Funding match</source>
        <translation>资金匹配</translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation>效益</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Unsigned</source>
        <translation>未签约</translation>
    </message>
    <message>
        <source>Funds secured</source>
        <translation>资金到位</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先分</translation>
    </message>
    <message>
        <source>%1 (estimate)</source>
        <translation>%1（测算）</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>法定提示</translation>
    </message>
    <message>
        <source>Funding needed, 10k yuan</source>
        <translation>所需资金（万元，测算）</translation>
    </message>
    <message>
        <source>Estimated under the project&apos;s policy in force, household by household (the typed compensation where an estimate lacks inputs); it replaces the typed funding needed in the funding match. An estimate for reference only.</source>
        <translation>按项目执行中的补偿方案逐户测算（缺少测算数据的住户按已填补偿金额计），在资金匹配中代替填写的所需资金。测算仅供参考。</translation>
    </message>
    <message>
        <source>Households for full marks</source>
        <translation>户数满分参照</translation>
    </message>
    <message>
        <source>Mu for full marks</source>
        <translation>面积满分参照(亩)</translation>
    </message>
    <message>
        <source>Save weights</source>
        <translation>保存权重</translation>
    </message>
    <message>
        <source>The district office sets the weights; every laptop ranks the same way.</source>
        <translation>权重由区征收办设定，同步后各街道按同一口径排序。</translation>
    </message>
    <message>
        <source>Weights are set by the district office (hub) and arrive with sync.</source>
        <translation>权重由区征收办设定，随同步包下发；本机只能查看。</translation>
    </message>
    <message>
        <source>Priority formula</source>
        <translation>优先级公式</translation>
    </message>
    <message>
        <source>Both districts</source>
        <translation>两区全部</translation>
    </message>
    <message>
        <source>Stock and new</source>
        <translation>存量和新增</translation>
    </message>
    <message>
        <source>Include archived</source>
        <translation>包括已归档</translation>
    </message>
    <message>
        <source>Double-click a project or press Enter to list its households.</source>
        <translation>双击项目或按回车键可列出其住户。</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between the formula&apos;s definitions</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>%1 projects, %2 with statutory warnings</source>
        <translation>共 %1 个项目，%2 个有法定程序提示</translation>
    </message>
    <message>
        <source>Missing, counted as 0: %1</source>
        <translation>缺少以下数据，按 0 计：%1</translation>
    </message>
    <message>
        <source>Statutory warnings</source>
        <translation>法定程序提示</translation>
    </message>
    <message>
        <source>Stage: %1</source>
        <translation>所处阶段：%1</translation>
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
        <source>Double-click a project or press Enter to list its households.</source>
        <translation>双击项目或按回车键可列出其住户。</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>The reason must be at most %1 characters.</source>
        <translation>原因不能超过 %1 个字。</translation>
    </message>
</context>
<context>
    <name>RecordsDialog</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Double-click a row or press Enter to open the household.</source>
        <translation>双击一行或按回车键可打开该住户。</translation>
    </message>
    <message>
        <source>%1 households</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 件</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem house ticket %1</source>
        <translation>房票 %1 购房使用</translation>
    </message>
    <message>
        <source>%1 · face %2 yuan · balance %3 yuan · valid until %4 · %5</source>
        <translation>%1 · 票面 %2 元 · 余额 %3 元 · 有效期至 %4 · %5</translation>
    </message>
    <message>
        <source>Amount used (yuan)</source>
        <translation>本次使用金额(元)</translation>
    </message>
    <message>
        <source>Confirm redemption</source>
        <translation>确认使用</translation>
    </message>
    <message>
        <source>Enter the amount to see the bonus for the date.</source>
        <translation>填写金额后显示该日期对应的奖励。</translation>
    </message>
    <message>
        <source>On %1 the bonus is %2%: %3 yuan. The developer is paid %4 yuan; the balance left on the ticket is %5 yuan.</source>
        <translation>%1 使用，奖励比例 %2%：奖励 %3 元。向开发企业共支付 %4 元；房票剩余余额 %5 元。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Print ID and phone numbers in full</source>
        <translation>打印完整身份证号和电话</translation>
    </message>
    <message>
        <source>Numbers are masked unless you tick this; showing them in full is logged.</source>
        <translation>不勾选时号码脱敏打印；打印完整号码会记入操作日志。</translation>
    </message>
    <message>
        <source>Generate and preview</source>
        <translation>生成并预览</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>No document yet</source>
        <translation>尚未生成文书</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>不指定项目</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>An empty form for a visit recorded on paper.</source>
        <translation>打印空白表，供纸面走访记录使用。</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>全部项目</translation>
    </message>
    <message>
        <source>All sub-districts</source>
        <translation>全部街道</translation>
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
        <source>From</source>
        <translation>受理日期自</translation>
    </message>
    <message>
        <source>To</source>
        <translation>受理日期至</translation>
    </message>
    <message>
        <source>Overdue and still open only</source>
        <translation>只列超期未办结</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>办理状态</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>诉求类别</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1（%2 至 %3）</translation>
    </message>
    <message>
        <source>What was done this week</source>
        <translation>本周完成的工作</translation>
    </message>
    <message>
        <source>What is planned for next week</source>
        <translation>下周工作计划</translation>
    </message>
    <message>
        <source>Difficulties that need the district&apos;s coordination</source>
        <translation>需要区里协调解决的困难和问题</translation>
    </message>
    <message>
        <source>Kept for this week and scope as you type.</source>
        <translation>输入内容按周次和范围自动保存。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周次</translation>
    </message>
    <message>
        <source>Done this week (本周完成)</source>
        <translation>本周完成</translation>
    </message>
    <message>
        <source>Plan for next week (下周计划)</source>
        <translation>下周计划</translation>
    </message>
    <message>
        <source>Difficulties needing coordination (困难和需协调事项)</source>
        <translation>困难和需协调事项</translation>
    </message>
    <message>
        <source>Append the projects&apos; building grids (楼盘表)</source>
        <translation>附上各项目的楼盘表</translation>
    </message>
    <message>
        <source>Only households that have signed</source>
        <translation>只列已签约的住户</translation>
    </message>
    <message>
        <source>A public notice never shows ID or phone numbers.</source>
        <translation>公示文书不含任何身份证号和电话。</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel 表格</translation>
    </message>
    <message>
        <source>Export these figures to Excel…</source>
        <translation>将这些数据导出为 Excel…</translation>
    </message>
    <message>
        <source>ID and phone numbers in full (logged)</source>
        <translation>含完整身份证号和电话（记入日志）</translation>
    </message>
    <message>
        <source>Export the household list…</source>
        <translation>导出住户清单…</translation>
    </message>
    <message>
        <source>Import households from Excel…</source>
        <translation>从 Excel 导入住户…</translation>
    </message>
    <message>
        <source>Households of</source>
        <translation>住户范围</translation>
    </message>
    <message>
        <source>Export this register to Excel…</source>
        <translation>将此台账导出为 Excel…</translation>
    </message>
    <message>
        <source>This household has no visit yet.</source>
        <translation>该户还没有走访记录。</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Generating the document…</source>
        <translation>正在生成文书…</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>The preview could not be shown.</source>
        <translation>无法显示预览。</translation>
    </message>
    <message>
        <source>%1 page(s)</source>
        <translation>共 %1 页</translation>
    </message>
    <message>
        <source>Ready: %1 page(s) in %2 s.</source>
        <translation>已生成：共 %1 页，用时 %2 秒。</translation>
    </message>
    <message>
        <source>No font here has %1: printed as code points.</source>
        <translation>本机没有字体能显示 %1，已印成编码。</translation>
    </message>
    <message>
        <source>It shows ID and phone numbers in full; this was logged.</source>
        <translation>本文书含完整身份证号和电话，已记入操作日志。</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <source>Sent %1 page(s) to the printer.</source>
        <translation>已发送 %1 页到打印机。</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>保存文书</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出为 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>Request register</source>
        <translation>诉求台账</translation>
    </message>
    <message>
        <source>Weekly figures</source>
        <translation>调度周报数据</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户清单</translation>
    </message>
    <message>
        <source>Exported %1 row(s) to %2.</source>
        <translation>已导出 %1 行到 %2。</translation>
    </message>
    <message>
        <source>Exporting to Excel…</source>
        <translation>正在导出 Excel…</translation>
    </message>
    <message>
        <source>Import households from Excel</source>
        <translation>从 Excel 导入住户</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx);;All files (*)</source>
        <translation>Excel 表格 (*.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Household file (一户一档)</source>
        <translation>一户一档</translation>
    </message>
    <message>
        <source>Visit record sheet (走访记录表)</source>
        <translation>入户走访记录表</translation>
    </message>
    <message>
        <source>Blank visit record sheet</source>
        <translation>入户走访记录表（空白）</translation>
    </message>
    <message>
        <source>Request register (诉求台账)</source>
        <translation>群众诉求台账</translation>
    </message>
    <message>
        <source>Weekly dispatch report (调度周报)</source>
        <translation>调度周报</translation>
    </message>
    <message>
        <source>Public notice (公示)</source>
        <translation>征收补偿情况公示</translation>
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
        <source>Closed after its deadline</source>
        <translation>超过办理时限后才办结</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>closed late</source>
        <translation>超期办结</translation>
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
        <source>, %1 closed late</source>
        <translation>，超期办结 %1 件</translation>
    </message>
    <message>
        <source>(the newest %1 shown; narrow the filters)</source>
        <translation>（只显示最新的 %1 件，请缩小筛选范围）</translation>
    </message>
    <message>
        <source>Choose a request in the list to see it here, log progress, escalate or close it.</source>
        <translation>在左侧列表中选择一条诉求，即可在这里查看、登记进展、上报或办结。</translation>
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
    <name>ResettlementPages</name>
    <message>
        <source>Dispatch dashboard</source>
        <translation>调度看板</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Project ranking</source>
        <translation>项目一盘棋</translation>
    </message>
    <message>
        <source>House tickets</source>
        <translation>房票</translation>
    </message>
    <message>
        <source>Resettlement flats</source>
        <translation>安置房源</translation>
    </message>
</context>
<context>
    <name>ResettlementPanel</name>
    <message>
        <source>Allocate flat</source>
        <translation>分配房源</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额(元)</translation>
    </message>
    <message>
        <source>Bonus today</source>
        <translation>今日奖励</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 交付</translation>
    </message>
    <message>
        <source>Expires in %1 days</source>
        <translation>%1 天后到期</translation>
    </message>
    <message>
        <source>Issue house ticket</source>
        <translation>出具房票</translation>
    </message>
    <message>
        <source>No house ticket issued.</source>
        <translation>尚未出具房票。</translation>
    </message>
    <message>
        <source>No resettlement flat allocated.</source>
        <translation>尚未分配安置房源。</translation>
    </message>
    <message>
        <source>Not signed yet: the resettlement cycle starts at signing.</source>
        <translation>尚未签约：安置周期从签约之日起算。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>已建成</translation>
    </message>
    <message>
        <source>Signed on %1, housed on %2: resettlement cycle %3 days.</source>
        <translation>%1 签约，%2 安置到位：安置周期 %3 天。</translation>
    </message>
    <message>
        <source>Signed on %1, not housed yet: %2 days so far.</source>
        <translation>%1 签约，尚未安置到位：已过 %2 天。</translation>
    </message>
    <message>
        <source>Uses of the tickets</source>
        <translation>房票使用记录</translation>
    </message>
</context>
<context>
    <name>RowDetail</name>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>ScopeDialog</name>
    <message>
        <source>Scope of “%1”</source>
        <translation>“%1”的工作范围</translation>
    </message>
    <message>
        <source>The laptop will hold only these records; what leaves is removed from it at its next import (its unsent edits still reach the hub).</source>
        <translation>这台笔记本将只保存这些记录；范围外的记录在它下次导入时从本机删除（尚未发送的修改仍会送到中心）。</translation>
    </message>
    <message>
        <source>All data of the district</source>
        <translation>全区数据（不限范围）</translation>
    </message>
    <message>
        <source>A district and sub-district</source>
        <translation>区和街道</translation>
    </message>
    <message>
        <source>Chosen projects</source>
        <translation>选定的项目</translation>
    </message>
    <message>
        <source>empty: the whole district</source>
        <translation>留空表示全区</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>街道</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>更改密码…</translation>
    </message>
    <message>
        <source>A new language takes effect at once.</source>
        <translation>新语言立即生效。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>%1  (%2, %3 GB free)</source>
        <translation>%1  (%2, %3 GB 可用)</translation>
    </message>
    <message>
        <source>Password of this computer&apos;s keys</source>
        <translation>本机密钥密码</translation>
    </message>
    <message>
        <source>Choose a password for this computer&apos;s keys:</source>
        <translation>为本机密钥设一个密码：</translation>
    </message>
    <message>
        <source>Password of this computer&apos;s keys:</source>
        <translation>请输入本机密钥的密码：</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>District hub</source>
        <translation>区征收办中心</translation>
    </message>
    <message>
        <source>Not yet sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Make this computer&apos;s keys…</source>
        <translation>生成本机密钥…</translation>
    </message>
    <message>
        <source>Write enrolment file…</source>
        <translation>导出登记文件…</translation>
    </message>
    <message>
        <source>Import enrolment file…</source>
        <translation>导入登记文件…</translation>
    </message>
    <message>
        <source>Enrol at the district office: both sides write an enrolment file, import the other&apos;s, and compare the fingerprints on both screens.</source>
        <translation>登记在区征收办完成：双方导出登记文件、互相导入，并核对两边屏幕上的指纹。</translation>
    </message>
    <message>
        <source>Export to a USB stick</source>
        <translation>导出到 U 盘</translation>
    </message>
    <message>
        <source>Look for USB sticks again</source>
        <translation>重新查找 U 盘</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>其他文件夹…</translation>
    </message>
    <message>
        <source>Export bundle</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>A laptop exports every change the hub has not acknowledged; the hub writes one bundle per laptop. The file is read back and checked: remove the stick only when it says so.</source>
        <translation>笔记本：导出区征收办还没有的全部变更。中心：为每台笔记本各导出一个同步包。写完后会读回校验，提示“可以安全拔出”后再拔 U 盘。</translation>
    </message>
    <message>
        <source>Import bundles</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>Choose bundles to import…</source>
        <translation>选择同步包导入…</translation>
    </message>
    <message>
        <source>Choose any number of files, in any order; importing one twice changes nothing.</source>
        <translation>可一次选择多个文件，顺序不限；重复导入不会产生重复数据。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>New changes</source>
        <translation>新增变更</translation>
    </message>
    <message>
        <source>Already here</source>
        <translation>已有</translation>
    </message>
    <message>
        <source>New conflicts</source>
        <translation>新冲突</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>收到附件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Device registry</source>
        <translation>设备登记表</translation>
    </message>
    <message>
        <source>Late edits</source>
        <translation>范围外修改</translation>
    </message>
    <message>
        <source>Edits a laptop made to a record that had already left its scope. They are kept here like any other edit: pass them on to whoever now holds the record.</source>
        <translation>笔记本在记录已移出其工作范围后所做的修改。中心照常保存，请转交现在负责该记录的街道。</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>From laptop</source>
        <translation>来自笔记本</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>Edited on the laptop</source>
        <translation>笔记本上修改时间</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Acknowledged changes</source>
        <translation>已确认的变更</translation>
    </message>
    <message>
        <source>Revoke the selected device…</source>
        <translation>停用所选设备…</translation>
    </message>
    <message>
        <source>Write the registry…</source>
        <translation>导出设备登记表…</translation>
    </message>
    <message>
        <source>Import a newer registry…</source>
        <translation>导入设备登记表…</translation>
    </message>
    <message>
        <source>district hub</source>
        <translation>区征收办中心</translation>
    </message>
    <message>
        <source>laptop</source>
        <comment>the role of this computer</comment>
        <translation>街道笔记本</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（尚未生成）</translation>
    </message>
    <message>
        <source>revoked; contact the district office</source>
        <translation>已被停用，请联系区征收办</translation>
    </message>
    <message>
        <source>enrolled (registry version %1)</source>
        <translation>已登记（登记表第 %1 版）</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 条变更</translation>
    </message>
    <message>
        <source>revoked %1</source>
        <translation>已停用 %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>hub</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>laptop</source>
        <comment>in the device list</comment>
        <translation>笔记本</translation>
    </message>
    <message>
        <source>(no USB stick found)</source>
        <translation>（未发现 U 盘，请插入或选择文件夹）</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Making keys…</source>
        <translation>正在生成密钥…</translation>
    </message>
    <message>
        <source>Writing the enrolment file…</source>
        <translation>正在写登记文件…</translation>
    </message>
    <message>
        <source>Choose an enrolment file</source>
        <translation>选择登记文件</translation>
    </message>
    <message>
        <source>Enrolment files (*.dsenrol);;All files (*)</source>
        <translation>登记文件 (*.dsenrol);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This is the enrolment file of “%1”.

Does the other computer&apos;s screen show this fingerprint?

%2

Enrol only if it matches exactly.</source>
        <translation>这是“%1”的登记文件。

请核对：对方电脑屏幕上显示的指纹是否为

%2

完全一致才能登记。</translation>
    </message>
    <message>
        <source>Compare fingerprints</source>
        <translation>核对指纹</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>正在导出同步包…</translation>
    </message>
    <message>
        <source>Choose bundles</source>
        <translation>选择同步包</translation>
    </message>
    <message>
        <source>Bundles (*.dsbundle);;All files (*)</source>
        <translation>同步包 (*.dsbundle);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 of %2: decrypting…</source>
        <translation>第 %1/%2 个：解密…</translation>
    </message>
    <message>
        <source>%1 of %2: applying…</source>
        <translation>第 %1/%2 个：写入…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <comment>bundles</comment>
        <translation>正在导入同步包…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>already imported (0 changes)</source>
        <translation>已经导入过（0 条变更）</translation>
    </message>
    <message>
        <source>Revoke “%1”? Bundles from it will be refused and none sent to it. This cannot be undone.</source>
        <translation>停用“%1”？今后来自它的同步包都会被拒绝，也不再发给它。此操作不能撤销。</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>停用设备</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>正在停用…</translation>
    </message>
    <message>
        <source>Writing the registry…</source>
        <translation>正在写设备登记表…</translation>
    </message>
    <message>
        <source>Choose a registry file</source>
        <translation>选择设备登记表</translation>
    </message>
    <message>
        <source>Registry (*.dsregistry);;All files (*)</source>
        <translation>设备登记表 (*.dsregistry);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <comment>the registry</comment>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>工作范围</translation>
    </message>
    <message>
        <source>Scope of the selected laptop…</source>
        <translation>设定所选笔记本的工作范围…</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>全区数据</translation>
    </message>
    <message>
        <source>Saving the scope…</source>
        <translation>正在保存工作范围…</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
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
    <name>TicketsPage</name>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Redeemed (yuan)</source>
        <translation>已购房使用(元)</translation>
    </message>
    <message>
        <source>Bonus paid (yuan)</source>
        <translation>已付奖励(元)</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额(元)</translation>
    </message>
    <message>
        <source>Bonus today</source>
        <translation>今日奖励比例</translation>
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
        <source>Expiring within 30 days</source>
        <translation>30日内到期</translation>
    </message>
    <message>
        <source>Issue ticket…</source>
        <translation>出具房票…</translation>
    </message>
    <message>
        <source>Redeem for a home…</source>
        <translation>购房使用…</translation>
    </message>
    <message>
        <source>Buy back the balance</source>
        <translation>回购余额</translation>
    </message>
    <message>
        <source>Refund the balance</source>
        <translation>退还余额</translation>
    </message>
    <message>
        <source>%1 tickets, %2 expiring within 30 days</source>
        <translation>共 %1 张，30日内到期 %2 张</translation>
    </message>
    <message>
        <source>transferable</source>
        <translation>可转让</translation>
    </message>
    <message>
        <source>not transferable</source>
        <translation>不可转让</translation>
    </message>
    <message>
        <source>Bought back (yuan)</source>
        <translation>已回购(元)</translation>
    </message>
    <message>
        <source>Refunded (yuan)</source>
        <translation>已退还(元)</translation>
    </message>
    <message>
        <source>Paid out in all (yuan)</source>
        <translation>累计支付(元)</translation>
    </message>
    <message>
        <source>Uses recorded on different computers add up to %1 yuan more than the face amount.</source>
        <translation>不同电脑上登记的使用合计超出票面金额 %1 元，请核对。</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>使用记录</translation>
    </message>
    <message>
        <source>Buy back the remaining %1 yuan of ticket %2? The ticket closes.</source>
        <translation>回购房票 %2 的剩余余额 %1 元？回购后房票即告结清。</translation>
    </message>
    <message>
        <source>Refund the remaining %1 yuan of ticket %2? The ticket closes.</source>
        <translation>退还房票 %2 的剩余余额 %1 元？退还后房票即告结清。</translation>
    </message>
</context>
<context>
    <name>TiersEditor</name>
    <message>
        <source>Up to month</source>
        <translation>截至第几个月</translation>
    </message>
    <message>
        <source>Bonus %</source>
        <translation>奖励比例 %</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加一档</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除一档</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <source>Click to list the records behind this number.</source>
        <translation>点击列出这个数字背后的记录。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>House tickets</source>
        <translation>房票</translation>
    </message>
    <message>
        <source>Statutory steps</source>
        <translation>法定程序</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>逾期 1 天</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>逾期 %1 天</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>还有 1 天</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>还有 %1 天</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>When</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Tickets</source>
        <comment>summary column: house tickets</comment>
        <translation>房票</translation>
    </message>
    <message>
        <source>Statutory</source>
        <comment>summary column: steps</comment>
        <translation>法定程序</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>All caseworkers</source>
        <translation>全部经办人</translation>
    </message>
    <message>
        <source>All sub-districts</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <source>Nothing is due. Well done.</source>
        <translation>今天没有到期事项。</translation>
    </message>
    <message>
        <source>By caseworker</source>
        <translation>按经办人汇总</translation>
    </message>
    <message>
        <source>By sub-district</source>
        <translation>按街道汇总</translation>
    </message>
    <message>
        <source>Double-click a row or press Enter to see that list.</source>
        <translation>双击一行或按回车键查看其待办清单。</translation>
    </message>
    <message>
        <source>Whose list</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Today: %1</source>
        <translation>今天：%1</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Doorstep</source>
        <translation>入户通</translation>
    </message>
    <message>
        <source>Choose a password for Doorstep on this computer (at least %1 characters). Everything Doorstep keeps here is stored encrypted under it. If it is forgotten, the district office sets the computer up again; what never reached the district office is then lost.</source>
        <translation>为这台电脑上的入户通设一个密码（至少 %1 个字符）。入户通在这台电脑上保存的一切都用它加密。忘记密码时，只能由区征收办重新配置这台电脑，尚未同步到区征收办的内容将会丢失。</translation>
    </message>
    <message>
        <source>Type the password to open Doorstep.</source>
        <translation>请输入密码以打开入户通。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Wait %1 seconds before the next try.</source>
        <translation>请等待 %1 秒后再试。</translation>
    </message>
</context>
<context>
    <name>Unsaved</name>
    <message>
        <source>Unsaved changes</source>
        <translation>尚未保存的修改</translation>
    </message>
    <message>
        <source>You have changed this form. Save the changes?</source>
        <translation>这张表有修改尚未保存。要保存吗？</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
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
        <source>ID …%1</source>
        <translation>身份证尾号 %1</translation>
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
        <source>Throw away everything typed in this draft? This cannot be undone.</source>
        <translation>丢弃这份草稿里填写的全部内容？丢弃后无法恢复。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep the draft</source>
        <translation>保留草稿</translation>
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
<context>
    <name>XlsxImportDialog</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import households from Excel</source>
        <translation>从 Excel 导入住户</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Into project</source>
        <translation>导入到项目</translation>
    </message>
    <message>
        <source>Column in the sheet</source>
        <translation>表格中的列</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>1. Which column holds what</source>
        <translation>一、指定各列的内容</translation>
    </message>
    <message>
        <source>2. Rows with problems (they are not imported)</source>
        <translation>二、有问题的行（不会导入）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Each row&apos;s own project code</source>
        <translation>按各行的“项目编号”</translation>
    </message>
    <message>
        <source>Reading the workbook…</source>
        <translation>正在读取表格…</translation>
    </message>
    <message>
        <source>Header on row %1; %2 row(s) of data under it.</source>
        <translation>表头在第 %1 行，其下有 %2 行数据。</translation>
    </message>
    <message>
        <source>As you mapped this layout last time.</source>
        <translation>沿用上次对同样表头的列对应。</translation>
    </message>
    <message>
        <source>Suggested from the column headers; check each one.</source>
        <translation>根据表头自动对应，请逐列核对。</translation>
    </message>
    <message>
        <source>— not imported —</source>
        <translation>—— 不导入 ——</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在检查各行…</translation>
    </message>
    <message>
        <source>Checking was stopped.</source>
        <translation>检查已停止。</translation>
    </message>
    <message>
        <source>%1 row(s): %2 can be imported, %3 have problems (%4 duplicates). Nothing is written until you press Import.</source>
        <translation>共 %1 行：可导入 %2 行，有问题 %3 行（其中重复 %4 行）。按“导入”之前不会写入任何数据。</translation>
    </message>
    <message>
        <source>Import %1 household(s)</source>
        <translation>导入 %1 户</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported %1 household(s); %2 row(s) with problems were skipped.</source>
        <translation>已导入 %1 户；跳过有问题的 %2 行。</translation>
    </message>
    <message>
        <source>Also imported: %1.</source>
        <translation>另导入：%1。</translation>
    </message>
</context>
</TS>

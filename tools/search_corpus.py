"""Text for measuring search: Chinese demo articles, judged queries, synthetic articles.

`ARTICLES_ZH` are Chinese versions of the demo articles of `demo/content.py`
(the knee article in full, the others shortened), written as a translator would.
`JUDGED_QUERIES_ZH` pairs visitor queries with the articles a person would expect
them to find; `search_recall` measures each way of cutting Chinese text against
them. `synthetic_article()` makes the mixed English / Chinese medical text that
`search_benchmark` indexes by the thousand.
"""

import random

KNEE = "stem-cell-therapy-for-knee-osteoarthritis"
DISEASES = "what-diseases-can-stem-cells-treat"
ANTI_AGING = "stem-cell-anti-aging"
SUB_HEALTH = "anti-aging-rejuvenation-treating-sub-health"
MSC = "what-are-mesenchymal-stem-cells"
SOURCES = "umbilical-cord-vs-bone-marrow-stem-cells"
NK = "nk-cells-the-immune-systems-first-responders"
CANCER = "cell-therapy-as-a-complement-to-cancer-care"
PREPARED = "how-is-a-stem-cell-treatment-prepared"
IMMUNE_AGEING = "immune-cell-therapy-and-healthy-ageing"
CONSULTATION = "preparing-for-your-first-consultation"

ARTICLES_ZH = [
    {
        "slug": KNEE,
        "title": "干细胞治疗膝骨关节炎：软骨修复关键机制背后的科学",
        "excerpt": "干细胞如何修复膝骨关节炎中的软骨、单次注射的效果能维持多久、"
        "哪些人适合接受治疗，以及如何延长疗效。",
        "body": [
            "膝骨关节炎（KOA）是一种常见的退行性关节疾病，其核心病理在于软骨退化和"
            "持续炎症，导致关节疼痛、僵硬、活动受限，严重影响患者的生活质量。目前，"
            "传统保守治疗（如药物、物理治疗）只能暂时缓解症状，无法从根本上修复受损"
            "的软骨。",
            "近年来，干细胞治疗凭借其独特的软骨修复和抗炎能力，已成为膝骨关节炎治疗"
            "领域最具前景的生物疗法之一。",
            "一、干细胞如何修复膝骨关节炎？",
            "核心作用机制：软骨再生：干细胞可分化为软骨细胞，直接修复受损的关节软骨。"
            "抗炎作用：干细胞分泌多种抗炎因子，抑制关节内的慢性炎症，减少对软骨的进一"
            "步损伤。促进组织修复：干细胞可激活关节局部的修复机制，改善关节微环境，延"
            "缓退变进程。",
            "治疗方式：关节腔内注射（而非静脉输注）。精准靶向：干细胞直接注入关节腔，"
            "直达病灶部位，避免全身分布，提高修复效率。微创安全：无需手术，创伤小，恢"
            "复快，不影响日常生活。",
            "二、单次干细胞注射的效果能维持多久？",
            "根据临床研究数据：短期效果（1-3个月）：关节疼痛明显减轻，活动范围改善。"
            "中期效果（6-12个月）：软骨持续修复，关节功能趋于稳定。长期效果（1-5年）："
            "部分患者可维持显著改善1年以上，甚至3-5年不复发（因人而异）。",
            "影响疗效持续时间的因素：软骨损伤程度（损伤越轻，修复往往越持久）；个体差"
            "异（年龄、代谢、免疫状态等）；治疗后护理（避免剧烈运动、控制体重、适当康"
            "复锻炼）。",
            "三、哪些人适合干细胞治疗？",
            "轻中度膝骨关节炎患者：软骨尚未完全磨损者，干细胞治疗可有效促进软骨修复，"
            "缓解疼痛和僵硬，恢复关节功能。退行性关节病患者：因长期关节磨损而出现慢性"
            "疼痛和功能障碍、传统治疗难以根治者，干细胞治疗提供了新的选择。传统治疗无"
            "效的患者：经药物、物理治疗等常规保守治疗后仍有症状者，干细胞治疗可能带来"
            "新的希望。",
            "运动爱好者：对于运动损伤（如软骨磨损、半月板损伤）引起的膝关节问题，干细"
            "胞治疗可加速软骨修复，减轻炎症，帮助爱好者更快重返运动。预防进一步损伤："
            "对于运动员，干细胞治疗不仅可以治疗现有损伤，还能通过改善关节微环境，帮助"
            "预防长期运动带来的进一步退行性改变，有望延长运动生涯。",
            "四、治疗后如何延长疗效？",
            "避免再次损伤：减少长跑、深蹲等高冲击运动。控制体重：减轻膝关节的负荷。适"
            "度康复锻炼：如游泳、骑自行车，增强关节稳定性。定期复诊：监测软骨修复进展，"
            "必要时调整治疗方案。",
            "五、结语",
            "干细胞治疗为膝骨关节炎患者带来了新的希望，着眼于“修复而非仅仅缓解”。虽"
            "然单次注射的效果可以维持相当长的时间，但个体效果差异显著，因此科学的维护"
            "至关重要。",
            "早期干预的重要性：膝骨关节炎是一种退行性疾病，随着病情进展，软骨损伤加重，"
            "治疗难度加大。早期干预不仅可以延缓疾病进程，还能更好地修复受损软骨，有望"
            "避免走到需要手术的阶段。干细胞治疗在早期干预方面具有独特优势，可从根本上"
            "改善关节微环境，促进软骨再生，为患者带来长期的健康益处。",
            "常见问题：膝骨关节炎的干细胞治疗如何进行？通过关节腔内注射，而非静脉输注："
            "干细胞直接注入关节腔，无需手术。单次注射的效果能维持多久？根据临床研究数"
            "据，关节疼痛通常在1-3个月内缓解，软骨修复在6-12个月内持续进行。哪些人适"
            "合？主要是软骨尚未完全磨损的轻中度膝骨关节炎患者。",
        ],
    },
    {
        "slug": DISEASES,
        "title": "干细胞可以治疗哪些疾病？",
        "excerpt": "移植物抗宿主病、克罗恩病、软骨缺损、糖尿病、多发性硬化症等："
        "干细胞治疗已在使用或正在研究的疾病。",
        "body": [
            "移植物抗宿主病（GVHD）；克罗恩病；骨损伤；软骨缺损；肢体缺血；糖尿病足；"
            "心肌梗死/心肌缺血；1型/2型糖尿病；多发性硬化症；干燥综合征；器官移植；肝"
            "衰竭/肝硬化；肾病综合征；多系统萎缩；肌萎缩侧索硬化症；慢性阻塞性肺疾病；"
            "缺血性休克；脊髓损伤；重型再生障碍性贫血。",
            "干细胞治疗在这些疾病中处于不同阶段：部分用途已较成熟，许多仍在临床试验中"
            "研究。是否适合取决于疾病种类、所处阶段和您的整体健康状况，效果因人而异。",
        ],
    },
    {
        "slug": ANTI_AGING,
        "title": "干细胞抗衰老：经科学验证的“逆龄”秘密武器",
        "excerpt": "科学如何看待干细胞与衰老？我们体内的干细胞如何随年龄变化，以及"
        "干细胞抗衰老研究目前的发现。",
        "body": [
            "衰老影响身体的每一种组织。研究人员认为，原因之一是身体自身的干细胞随时间"
            "推移变得更少、活性更低，因此组织自我修复的速度变慢。",
            "骨髓和皮肤等组织中活跃干细胞的数量减少；剩余的干细胞分裂和修复组织的效率"
            "降低；低度慢性炎症增加，会进一步减慢修复。",
            "用于抗衰老的干细胞治疗通常使用间充质干细胞。它并非让时光倒流，而是支持身"
            "体自身的修复过程。研究表明，间充质干细胞可能通过释放抗炎因子减轻慢性炎症，"
            "支持皮肤、关节和血管等组织的修复，并帮助调节免疫系统。",
            "针对老年人的早期临床研究报告了身体机能和炎症指标的改善，治疗总体耐受良好。"
            "这些研究规模较小，仍需更大规模的试验。干细胞治疗不能阻止衰老，个体效果各"
            "不相同。",
        ],
    },
    {
        "slug": SUB_HEALTH,
        "title": "抗衰老、焕活、调理亚健康",
        "excerpt": "没有确诊疾病却长期疲劳、睡眠不佳、精力不足，常被称为“亚健康”。"
        "它意味着什么，以及我们的健康项目如何应对。",
        "body": [
            "许多人长期感到疲倦、睡眠不好或小病恢复缓慢，但体检却显示一切正常。这种介"
            "于健康与疾病之间的状态常被称为亚健康。",
            "亚健康的常见表现：休息也无法缓解的疲劳；睡眠不佳；注意力难以集中；经常发"
            "生轻微感染；没有明确原因的酸痛和僵硬。",
            "这些表现也可能提示需要治疗的疾病，因此第一步永远是规范的医学评估。",
            "我们的健康与抗衰老项目从咨询和健康评估开始。医生会根据评估结果建议生活方"
            "式的调整，并在合适时讨论旨在支持身体自身修复和免疫功能的干细胞或免疫细胞"
            "治疗。细胞治疗不是通往年轻的捷径。睡眠、运动、饮食和压力管理仍然是健康的"
            "基础。",
        ],
    },
    {
        "slug": MSC,
        "title": "什么是间充质干细胞？",
        "excerpt": "间充质干细胞是再生医学中研究最多的细胞：它们是什么、来自哪里，"
        "以及研究人员为何关注它们。",
        "body": [
            "间充质干细胞（MSC）是存在于多种组织中的成体干细胞，包括骨髓、脂肪组织和"
            "脐带。它们是再生医学中研究最多的细胞类型。",
            "干细胞有两个特性：可以通过分裂自我更新，也可以发育成更特化的细胞。间充质"
            "干细胞具有多向分化潜能，主要可分化为骨、软骨和脂肪细胞。",
            "研究表明，间充质干细胞的作用更多来自它们向周围细胞发出的信号：分化为软骨"
            "或骨细胞；旁分泌信号，释放生长因子支持邻近组织修复；免疫调节，平息过度的"
            "免疫反应并减轻慢性炎症。",
            "常见问题：间充质干细胞和胚胎干细胞一样吗？不一样。间充质干细胞是成体干细"
            "胞，存在于骨髓、脂肪和脐带等组织中。",
        ],
    },
    {
        "slug": SOURCES,
        "title": "脐带干细胞与骨髓干细胞",
        "excerpt": "间充质干细胞可以来自骨髓，也可以来自捐献的脐带组织。我们比较两种"
        "来源及其对患者的意义。",
        "body": [
            "细胞治疗中使用的间充质干细胞来自不同组织，两种常见来源是骨髓和脐带组织。",
            "骨髓间充质干细胞是研究最充分的来源，通常在局部麻醉下从患者自身的髋骨采集，"
            "属于自体细胞。采集是一项小手术，细胞的数量和活性往往随年龄下降。",
            "脐带间充质干细胞来自健康分娩后经父母同意捐献的脐带组织，属于经过筛查的异"
            "体细胞。患者无需接受采集，细胞年轻，在实验室中容易扩增。",
            "没有一种来源适合所有人。选择取决于病情、年龄、健康状况和治疗方案。",
        ],
    },
    {
        "slug": NK,
        "title": "NK细胞：免疫系统的第一道防线",
        "excerpt": "自然杀伤（NK）细胞是免疫系统第一道防线的一部分。它们的作用、为何"
        "重要，以及在免疫细胞治疗中的研究。",
        "body": [
            "自然杀伤细胞，简称NK细胞，是先天免疫系统中的白细胞，能够快速行动，无需先"
            "学会识别特定威胁。",
            "NK细胞在血液和组织中巡逻：清除异常细胞，识别并消灭被病毒感染的细胞和部分"
            "肿瘤细胞；释放细胞因子，帮助协调更广泛的免疫反应。",
            "NK细胞的数量和活性因人而异，可能随年龄、慢性压力、疾病和某些治疗而下降。",
            "在NK细胞治疗中，从患者血液样本中采集其自身的NK细胞，在实验室中扩增和激活"
            "后回输。这种方法正在临床研究中，尤其是与癌症治疗联合使用。",
        ],
    },
    {
        "slug": CANCER,
        "title": "细胞治疗：癌症治疗的补充",
        "excerpt": "免疫细胞治疗正作为标准癌症治疗的补充而非替代进行研究。这在实践中"
        "意味着什么。",
        "body": [
            "除了手术、化疗和放疗，借助身体自身免疫系统的疗法已成为癌症研究的活跃领域，"
            "免疫细胞治疗就是其中之一。",
            "我们从不以细胞治疗取代肿瘤科医生推荐的治疗。在可能适合的情况下，它会与该"
            "治疗一并考虑，并与您的癌症治疗团队讨论。",
            "研究方向：在化疗或放疗期间及之后支持免疫功能；利用扩增的免疫细胞（如NK细"
            "胞）帮助身体识别异常细胞；康复期间的身心健康和生活质量。",
            "常见问题：细胞治疗能治愈癌症吗？任何人都不应作此承诺。我应该告诉肿瘤科医"
            "生吗？应该，开始前请与您的癌症治疗团队讨论。",
        ],
    },
    {
        "slug": PREPARED,
        "title": "干细胞治疗是如何准备的？",
        "excerpt": "从初次咨询到治疗当天：准备干细胞治疗的各个步骤，以及每一步的意义。",
        "body": [
            "干细胞治疗不只是注射或输注本身。之前的每一步都是为了确认治疗适合您，并确"
            "保细胞符合既定的质量标准。",
            "咨询：医生查看您的病史、目前的治疗和近期检查结果。评估：可能需要进一步检查"
            "或影像学检查，例如血液检查或膝关节扫描。细胞来源：细胞取自您本人或经过筛"
            "查的捐献者。实验室处理：细胞经过分离、扩增和检测，包括无菌检测、细胞数量和"
            "存活率。治疗当天：按计划通过关节腔注射或静脉输注给予细胞。随访：定期复查，"
            "监测您的恢复进展。",
            "准备需要多长时间取决于细胞来源和所需数量。",
        ],
    },
    {
        "slug": IMMUNE_AGEING,
        "title": "免疫细胞治疗与健康老龄化",
        "excerpt": "免疫系统会随着年龄增长而变化。什么是“免疫衰老”，以及免疫细胞治疗"
        "在老年人中的研究。",
        "body": [
            "随着年龄增长，免疫系统逐渐变化，科学家称之为免疫衰老。这有助于解释为什么"
            "老年人更容易感染，对疫苗的反应也可能较弱。",
            "新生成的免疫细胞减少，种类也变少；包括NK细胞在内的一些免疫细胞活性可能降"
            "低；低度慢性炎症更为常见。",
            "免疫细胞治疗采集个人自身的免疫细胞，在实验室中扩增和激活后回输。研究人员"
            "正在研究这能否支持老年人的免疫功能。",
            "任何疗法都无法取代健康老龄化的基础：规律运动、均衡饮食、充足睡眠、按建议"
            "接种疫苗和进行健康筛查。",
        ],
    },
    {
        "slug": CONSULTATION,
        "title": "初次咨询前的准备",
        "excerpt": "初次与我们的医生咨询时应带什么、会经历什么，以及该问哪些问题。",
        "body": [
            "初次咨询是一次对话。医生借此了解您的健康状况和目标，您也可以提问，并在没"
            "有任何义务的情况下决定是否进一步治疗。",
            "需要携带：近期的病历、检查结果和影像资料；您正在服用的药物和保健品清单；写"
            "下来的问题。",
            "医生会询问您的病史和症状，可能为您检查，然后说明可能相关的方案及其可能的益"
            "处、局限、风险和费用。如果细胞治疗不适合您，医生会直接告诉您。",
            "值得一问的问题：我能现实地期待什么效果？有哪些风险和可能的副作用？需要几次"
            "治疗，费用是多少？如何跟进我的恢复情况？",
            "常见问题：可以带家人一起来吗？可以。咨询可以用中文进行吗？可以。",
        ],
    },
]

# (query, the articles a visitor would expect it to find). Judged by reading the
# articles, not by substring search, so that no cutting method is favoured:
# a sentence-like query is relevant where the article answers it.
JUDGED_QUERIES_ZH: list[tuple[str, set[str]]] = [
    # The four the issue names.
    ("干细胞", {KNEE, DISEASES, ANTI_AGING, SUB_HEALTH, MSC, SOURCES, PREPARED}),
    ("膝骨关节炎", {KNEE}),
    ("软骨", {KNEE, DISEASES, MSC}),
    ("关节", {KNEE, ANTI_AGING, PREPARED}),
    # Words inside compounds, and compounds across words.
    ("骨关节炎", {KNEE}),
    ("关节炎", {KNEE}),
    ("膝关节", {KNEE, PREPARED}),
    ("膝关节炎", {KNEE}),
    ("软骨修复", {KNEE}),
    ("软骨再生", {KNEE}),
    ("关节腔注射", {KNEE, PREPARED}),
    ("注射", {KNEE, PREPARED}),
    ("半月板", {KNEE}),
    ("抗炎", {KNEE, ANTI_AGING}),
    ("慢性炎症", {KNEE, ANTI_AGING, MSC, IMMUNE_AGEING}),
    ("间充质干细胞", {ANTI_AGING, MSC, SOURCES}),
    ("间充质", {ANTI_AGING, MSC, SOURCES}),
    ("脐带", {MSC, SOURCES}),
    ("骨髓", {ANTI_AGING, MSC, SOURCES}),
    ("脐带干细胞", {SOURCES}),
    ("骨髓干细胞", {SOURCES}),
    ("自然杀伤细胞", {NK}),
    ("NK细胞", {NK, CANCER, IMMUNE_AGEING}),
    ("免疫细胞", {SUB_HEALTH, NK, CANCER, IMMUNE_AGEING}),
    ("免疫衰老", {IMMUNE_AGEING}),
    ("癌症", {NK, CANCER}),
    ("化疗", {CANCER}),
    ("肿瘤", {NK, CANCER}),
    ("抗衰老", {ANTI_AGING, SUB_HEALTH}),
    ("衰老", {ANTI_AGING, SUB_HEALTH, IMMUNE_AGEING}),
    ("亚健康", {SUB_HEALTH}),
    ("疲劳", {SUB_HEALTH}),
    ("睡眠", {SUB_HEALTH, IMMUNE_AGEING}),
    ("糖尿病", {DISEASES}),
    ("肝硬化", {DISEASES}),
    ("硬化", {DISEASES}),
    ("克罗恩病", {DISEASES}),
    ("脊髓损伤", {DISEASES}),
    ("初次咨询", {PREPARED, CONSULTATION}),
    ("副作用", {CONSULTATION}),
    ("复诊", {KNEE}),
    ("康复锻炼", {KNEE}),
    ("微环境", {KNEE}),
    ("疫苗", {IMMUNE_AGEING}),
    # What visitors type: several words, or a question.
    ("干细胞 软骨", {KNEE, MSC}),
    ("膝关节 注射", {KNEE, PREPARED}),
    ("干细胞治疗膝关节", {KNEE}),
    ("干细胞治疗膝骨关节炎", {KNEE}),
    ("干细胞治疗哪些疾病", {DISEASES}),
    ("单次注射效果维持多久", {KNEE}),
    ("脐带和骨髓干细胞的区别", {SOURCES}),
    ("咨询时要带什么", {CONSULTATION}),
    ("免疫细胞治疗癌症", {CANCER, NK}),
    ("老年人免疫", {IMMUNE_AGEING, ANTI_AGING}),
]

# The English demo queries the issue names, with the article they must find.
JUDGED_QUERIES_EN: list[tuple[str, set[str]]] = [
    ("stem cell injections", {KNEE, PREPARED}),
    ("cartilage", {KNEE, DISEASES, MSC}),
    ("knee osteoarthritis", {KNEE}),
]

# -- Synthetic articles for the benchmark ---------------------------------------------
# Each article has one subject and two conditions out of many, plus general clinic
# sentences, so that a query matches a realistic share of articles (a condition a
# few percent, "stem cell" about a third) rather than all of them.

_SUBJECTS = [
    ("Stem cell therapy", "干细胞治疗"),
    ("Mesenchymal stem cells", "间充质干细胞"),
    ("Umbilical cord stem cells", "脐带干细胞"),
    ("Bone marrow stem cells", "骨髓干细胞"),
    ("Immune cell therapy", "免疫细胞治疗"),
    ("NK cell therapy", "NK细胞治疗"),
    ("Intra-articular injection", "关节腔注射"),
    ("Cartilage repair", "软骨修复"),
    ("Rehabilitation exercise", "康复锻炼"),
    ("A first consultation", "初次咨询"),
    ("Laboratory processing", "实验室处理"),
    ("Healthy ageing", "健康老龄化"),
    ("Anti-inflammatory treatment", "抗炎治疗"),
    ("Regular follow-up", "定期复诊"),
]
_CONDITIONS = [
    ("knee osteoarthritis", "膝骨关节炎"),
    ("degenerative joint disease", "退行性关节疾病"),
    ("meniscus injuries", "半月板损伤"),
    ("sports injuries", "运动损伤"),
    ("type 2 diabetes", "2型糖尿病"),
    ("diabetic foot", "糖尿病足"),
    ("multiple sclerosis", "多发性硬化症"),
    ("liver cirrhosis", "肝硬化"),
    ("liver failure", "肝衰竭"),
    ("spinal cord injury", "脊髓损伤"),
    ("Crohn's disease", "克罗恩病"),
    ("lupus", "红斑狼疮"),
    ("rheumatoid arthritis", "类风湿关节炎"),
    ("chronic obstructive pulmonary disease", "慢性阻塞性肺疾病"),
    ("heart failure", "心力衰竭"),
    ("myocardial infarction", "心肌梗死"),
    ("stroke", "中风"),
    ("Parkinson's disease", "帕金森病"),
    ("Alzheimer's disease", "阿尔茨海默病"),
    ("autism", "自闭症"),
    ("kidney disease", "肾病"),
    ("psoriasis", "银屑病"),
    ("hair loss", "脱发"),
    ("skin ageing", "皮肤老化"),
    ("chronic fatigue", "慢性疲劳"),
    ("poor sleep", "睡眠不佳"),
    ("sub-health", "亚健康"),
    ("frailty in older adults", "老年衰弱"),
    ("recurrent infections", "反复感染"),
    ("cancer recovery", "癌症康复"),
    ("side effects of chemotherapy", "化疗副作用"),
    ("lung cancer", "肺癌"),
    ("breast cancer", "乳腺癌"),
    ("liver cancer", "肝癌"),
    ("osteoporosis", "骨质疏松"),
    ("bone fractures", "骨折"),
    ("tendon injuries", "肌腱损伤"),
    ("back pain", "腰痛"),
    ("erectile dysfunction", "勃起功能障碍"),
    ("infertility", "不孕不育"),
]
_PREDICATES = [
    ("is being studied in clinical trials for", "正在临床试验中研究用于"),
    ("may support the treatment of", "可能有助于治疗"),
    ("is discussed with patients who have", "适用于部分患有"),
    ("depends on the stage of", "取决于所处阶段的"),
    ("can reduce the symptoms of", "可以减轻"),
    ("is one option considered for", "是考虑用于"),
]
_GENERAL = [
    (
        "Every treatment starts with a consultation with our doctors.",
        "每一项治疗都从与医生的咨询开始。",
    ),
    ("Results vary from person to person.", "治疗效果因人而异。"),
    (
        "Bring your recent medical reports and test results.",
        "请携带近期的病历和检查结果。",
    ),
    (
        "Cells are tested for sterility and quality before use.",
        "细胞在使用前经过无菌和质量检测。",
    ),
    ("Follow-up visits monitor your progress.", "随访用于监测您的恢复进展。"),
    ("The research is at an early stage.", "相关研究仍处于早期阶段。"),
    (
        "Sleep, exercise and diet remain the foundations of health.",
        "睡眠、运动和饮食仍是健康的基础。",
    ),
    (
        "Our patient care team will contact you to arrange a time.",
        "我们的患者服务团队会联系您安排时间。",
    ),
]


def synthetic_article(rng: random.Random, language: str, paragraphs: int = 6) -> dict:
    """Title, excerpt and body paragraphs of a plausible clinic article."""
    zh = language != "en"
    sep = "" if zh else " "
    subject = rng.choice(_SUBJECTS)[zh]
    conditions = [c[zh] for c in rng.sample(_CONDITIONS, 2)]

    def sentence() -> str:
        if rng.random() < 0.4:
            return rng.choice(_GENERAL)[zh]
        predicate = rng.choice(_PREDICATES)[zh]
        condition = rng.choice(conditions)
        return (
            f"{subject}{predicate}{condition}的患者。"
            if zh
            else f"{subject} {predicate} {condition}."
        )

    title = f"{subject}与{conditions[0]}" if zh else f"{subject} and {conditions[0]}"
    excerpt = sep.join(sentence() for _ in range(2))
    body = [sep.join(sentence() for _ in range(5)) for _ in range(paragraphs)]
    return {"title": title, "excerpt": excerpt, "body": body}


BENCHMARK_QUERIES = {
    "en": [
        "stem cell",
        "stem cell injections",
        "cartilage repair",
        "knee osteoarthritis",
        "mesenchymal",
        "immune",
        "NK cells",
        "diabetes",
        "sclerosis",
        "inflammation",
        "umbilical cord",
        "bone marrow",
        "ageing",
        "consultation",
        "spinal cord injury",
        "poor sleep",
        "cancer",
        "lupus",
        "back pain",
        "clinical trials",
    ],
    "zh-hans": [
        "干细胞",
        "膝骨关节炎",
        "软骨",
        "关节",
        "间充质干细胞",
        "免疫细胞",
        "NK细胞",
        "糖尿病",
        "硬化",
        "抗炎",
        "脐带",
        "骨髓",
        "老龄化",
        "咨询",
        "脊髓损伤",
        "睡眠",
        "癌症康复",
        "红斑狼疮",
        "腰痛",
        "干细胞治疗膝关节",
    ],
}

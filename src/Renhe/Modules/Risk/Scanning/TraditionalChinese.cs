namespace Renhe.Modules.Risk.Scanning;

/// Traditional → simplified for the characters that sensitive-word lexicons and sales chats
/// use (money, accounts, contact details, platforms, abuse, everyday function words). Scanning
/// only needs the characters of lexicon words; a full OpenCC table would cost memory and start-up
/// time for no extra hits. Each pair is one traditional character followed by its simplified
/// form; only unambiguous one-way mappings are listed (著, 乾, 覆 are left alone because
/// simplified text uses them with other meanings).
internal static class TraditionalChinese
{
    private const string Pairs =
        // deals, money, accounts
        "單单 個个 帳账 賬账 戶户 轉转 買买 賣卖 價价 錢钱 貨货 訂订 務务 費费 給给 發发 髮发 紅红 寶宝 " +
        "購购 現现 銀银 匯汇 額额 續续 簽签 幣币 鈔钞 儲储 繳缴 納纳 貸贷 稅税 減减 換换 報报 漲涨 " +
        "積积 獎奖 勵励 傭佣 補补 貼贴 賺赚 輸输 贏赢 賭赌 團团 營营 業业 銷销 執执 據据 憑凭 證证 " +
        "廠厂 鋪铺 舖铺 倉仓 庫库 數数 達达 運运 郵邮 遞递 飛飞 跡迹 " +
        // contact, platforms, links
        "聯联 繫系 係系 號号 碼码 話话 電电 機机 約约 見见 線线 網网 圖图 掃扫 鏈链 連连 結结 頁页 " +
        "傳传 導导 閑闲 閒闲 魚鱼 鹹咸 東东 與与 維维 專专 視视 頻频 鍵键 盤盘 註注 冊册 屬属 啟启 " +
        "啓启 設设 臺台 檯台 颱台 " +
        // abuse and threats
        "騙骗 詐诈 滾滚 媽妈 瑪玛 馬马 豬猪 腦脑 殘残 廢废 賤贱 雜杂 種种 瘋疯 罵骂 癡痴 蠻蛮 偽伪 " +
        "殺杀 斃毙 擊击 衝冲 騷骚 擾扰 經经 蟲虫 嚇吓 險险 驚惊 " +
        // everyday words that lexicon phrases are built from
        "為为 們们 這这 來来 時时 點点 還还 沒没 說说 讓让 對对 會会 過过 從从 後后 麼么 嗎吗 別别 " +
        "訴诉 繞绕 內内 員员 優优 獨独 開开 衛卫 紙纸 質质 讚赞 贊赞 處处 辦办 壞坏 評评 論论 計计 " +
        "劃划 藥药 醫医 療疗 淨净 車车 總总 議议 談谈 講讲 請请 認认 識识 幫帮 實实 體体 門门 問问 " +
        "題题 鬥斗 紀纪 錄录 記记 帶带 搶抢 舉举 違违 規规 則则 權权 責责 資资 產产 歸归 聽听 寫写 " +
        "讀读 學学 習习 愛爱 親亲 戀恋 長长 張张 萬万 億亿 塊块 兩两 闆板 陸陆 彈弹 齊齐 離离 難难 " +
        "雙双 邊边 裡里 裏里 麵面 鬆松 葉叶 蘋苹 華华 國国 際际 區区 縣县 鄉乡 鎮镇 場场 層层 環环 " +
        "筆笔 氣气 詞词 語语 絕绝 隻只 驗验 確确 廣广 紹绍 簡简 動动 態态 熱热 備备 歡欢 獲获 穫获 " +
        "復复 複复 陰阴 陽阳 壓压 戲戏 劇剧 師师 領领 顧顾 變变 鐘钟 鍾钟 錯错 誤误 準准 標标 滿满 " +
        "龍龙 條条 極极 構构 盡尽 儘尽 夠够 聖圣 歲岁 靈灵 觀观 觸触 鮮鲜 雞鸡 懷怀 嬰婴 兒儿 緊紧 " +
        "戰战 爭争 濟济 協协 謝谢 閱阅 鑽钻 爾尔 妳你 囉啰 劑剂 齡龄 衆众 眾众";

    public static IEnumerable<(char Traditional, char Simplified)> Mappings()
    {
        foreach (var pair in Pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Length != 2) throw new InvalidOperationException($"Bad traditional/simplified pair '{pair}'.");
            yield return (pair[0], pair[1]);
        }
    }
}

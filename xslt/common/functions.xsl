<?xml version="1.0" encoding="UTF-8"?>
<!--
  The common layer: the decisions every output shares, made once.
  Which notes are footnotes and what number they carry, which reading of a choice is shown,
  which URLs are safe, what a pointer links to, what the citable units are and what each one
  mentions. The output stylesheets (html.xsl, text.xsl) only decide the markup.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  xmlns:frus="http://history.state.gov/frus/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <!-- Critical editions: witnesses, readings, the apparatus and editorial interventions. -->
  <xsl:include href="apparatus.xsl"/>

  <!-- The file's name without extension; names the document when the TEI gives no identifier. -->
  <xsl:param name="editio:file-stem" as="xs:string" select="'document'"/>

  <xsl:key name="editio:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!--
    A large document is transformed in parts (src/load/volume.ts): each part is a document of its
    own, with the header, some of the units whole, and what it needs to know of the rest.
  -->
  <!-- The pages this run makes: xml:ids of units, and '#text' for the text outside units; empty: every page. -->
  <xsl:param name="editio:produce" as="xs:string" select="''"/>
  <!-- Elements in other parts that this part points to: a JSON object, xml:id → the xml:id of the unit whose page shows it ('' for the text's own page). -->
  <xsl:param name="editio:targets" as="xs:string" select="'{}'"/>
  <!-- Whether the whole document has text before this part (see the text-begun accumulator). -->
  <xsl:param name="editio:text-begun" as="xs:boolean" select="false()"/>
  <!--
    Authority records this one's names point to that stand in another part of the volume or in
    another document of the run (src/load/volume.ts, links.ts): editio:record elements, each
    naming the pointer that reaches it (#p_BE_1, persons.xml#p1) and holding the record.
  -->
  <xsl:param name="editio:records" as="xs:string" select="''"/>
  <xsl:variable name="editio:produced" as="xs:string*" select="tokenize(normalize-space($editio:produce), ' ')"/>
  <xsl:variable name="editio:supplement" as="document-node()?" select="if ($editio:records) then parse-xml('&lt;records xmlns=&quot;urn:editio&quot;>' || $editio:records || '&lt;/records>') else ()"/>
  <xsl:key name="editio:record-pointer" match="editio:record" use="string(@pointer)"/>
  <xsl:variable name="editio:elsewhere" as="map(*)" select="parse-json($editio:targets)"/>

  <!-- Whether this run makes the page of a scope (a unit, or the text). -->
  <xsl:function name="editio:is-produced" as="xs:boolean">
    <xsl:param name="scope" as="element()"/>
    <xsl:sequence select="empty($editio:produced) or (if ($scope/self::tei:text) then '#text' else string($scope/@xml:id)) = $editio:produced"/>
  </xsl:function>

  <!-- ============ notes ============ -->

  <!--
    Notes marked inline, and unnumbered source notes (FRUS of the 1940s: "837.613/11: Airgram"
    above the heading), stay in the text; every other note is a footnote, numbered source
    notes of modern FRUS volumes included. A note on an apparatus entry belongs to the apparatus,
    and one inside a reading stays with its reading.
  -->
  <xsl:function name="editio:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="not($note/@place = 'inline' or $note/@rend = 'inline' or ($note/@type = 'source' and not($note/@n)))
      and empty($note/parent::tei:app) and empty($note/ancestor::*[self::tei:teiHeader or self::tei:rdg])"/>
  </xsl:function>

  <!-- Counted with an accumulator: xsl:number level="any" is quadratic on large volumes. -->
  <xsl:accumulator name="editio:footnotes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note[editio:is-footnote(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The number a footnote carries: as printed (@n) when given, else its place in the document. -->
  <xsl:function name="editio:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="normalize-space(($note/@n, string($note/accumulator-before('editio:footnotes')))[1])"/>
  </xsl:function>

  <!-- A stable anchor for a footnote: its xml:id, else its number in the document. -->
  <xsl:function name="editio:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@xml:id, 'note-' || $note/accumulator-before('editio:footnotes'))[1]"/>
  </xsl:function>

  <!-- ============ page breaks ============ -->

  <!-- Whether the text has begun before a node: a page break before any text is where the text starts. -->
  <xsl:accumulator name="editio:text-begun" as="xs:boolean" initial-value="$editio:text-begun">
    <!-- Once true, the rule asks nothing more of each text node (as a match pattern it asked every one, 0.5 ms per unit). -->
    <xsl:accumulator-rule match="text()" select="$value or (normalize-space() != '' and exists(ancestor::tei:text) and empty(ancestor::tei:teiHeader))"/>
  </xsl:accumulator>

  <!-- How many page breaks with each number came so far: page numbers restart in some books. -->
  <xsl:accumulator name="editio:page-numbers" as="map(xs:string, xs:integer)" initial-value="map {}">
    <xsl:accumulator-rule match="tei:pb" select="let $n := normalize-space(@n) return map:put($value, $n, ($value($n), 0)[1] + 1)"/>
  </xsl:accumulator>

  <!-- A page's anchor: its xml:id, else pg_ and its number made safe (pg_171, pg_171-2 when it recurs). -->
  <xsl:function name="editio:page-id" as="xs:string">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:variable name="n" select="normalize-space($pb/@n)"/>
    <xsl:variable name="seen" select="$pb/accumulator-before('editio:page-numbers')($n)"/>
    <xsl:sequence select="($pb/@xml:id, 'pg_' || editio:safe-id($n) || (if ($seen gt 1 or $n = '') then '-' || $seen else ''))[1]"/>
  </xsl:function>

  <!-- Letters, digits, _ and - only (without a regex: this runs for every page break). -->
  <xsl:function name="editio:safe-id" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="codepoints-to-string(string-to-codepoints($text) ! (
      if ((. ge 48 and . le 57) or (. ge 65 and . le 90) or (. ge 97 and . le 122) or . = 45) then . else 95))"/>
  </xsl:function>

  <!-- "[Page 171]"; a page break without a number is marked all the same. -->
  <xsl:function name="editio:page-label" as="xs:string">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="if (normalize-space($pb/@n)) then '[Page ' || normalize-space($pb/@n) || ']' else '[Page]'"/>
  </xsl:function>

  <!-- ============ editorial interventions ============ -->

  <!-- The reading shown of a choice: the correction, regularisation or expansion. -->
  <xsl:function name="editio:reading" as="element()?">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="($choice/tei:corr, $choice/tei:reg, $choice/tei:expan, $choice/*)[1]"/>
  </xsl:function>

  <!-- The readings not shown, for a tooltip or an apparatus. -->
  <xsl:function name="editio:alternatives" as="element()*">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="$choice/* except editio:reading($choice)"/>
  </xsl:function>

  <xsl:function name="editio:describe-alternative" as="xs:string">
    <xsl:param name="alternative" as="element()"/>
    <xsl:variable name="what" select="map {
      'sic': 'as printed', 'corr': 'corrected', 'orig': 'original spelling', 'reg': 'regularised',
      'abbr': 'abbreviated', 'expan': 'expanded', 'unclear': 'unclear' }"/>
    <xsl:sequence select="($what(local-name($alternative)), local-name($alternative))[1] || ': ' || normalize-space($alternative)"/>
  </xsl:function>

  <!-- ============ blocks ============ -->

  <!-- Whether an element holds block-level content (a paragraph holding a block quotation, a list, a table). -->
  <xsl:function name="editio:holds-blocks" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <!-- The first block found decides; blocks inside a footnote or an apparatus note do not count (the note is set apart).
         A descent that stops at the first block and does not enter such notes: a descendant scan testing every
         element's notes around it by document order took 0.2 ms a paragraph. -->
    <xsl:sequence select="some $child in $element/* satisfies
      (if ($child/self::tei:note) then not(editio:is-footnote($child) or $child/parent::tei:app)
       else exists($child/(self::tei:p | self::tei:div | self::tei:ab | self::tei:list | self::tei:table | self::tei:lg | self::tei:l
         | self::tei:sp | self::tei:floatingText | self::tei:figure | self::tei:cit | self::tei:quote[@rend = 'block'] | self::frus:attachment))
         or editio:holds-blocks($child))"/>
  </xsl:function>

  <!-- Whether an element is laid out as a block of its own rather than running in the text. -->
  <xsl:function name="editio:is-block" as="xs:boolean" cache="yes">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="
      if (not($node instance of element())) then false()
      else if ($node/self::tei:note) then not(editio:is-footnote($node)) and ($node/parent::tei:div or $node/parent::tei:body or editio:holds-blocks($node))
      else if ($node/self::tei:pb) then exists($node/parent::tei:div | $node/parent::tei:body | $node/parent::tei:front | $node/parent::tei:back | $node/parent::tei:text)
      else if ($node/(self::tei:quote | self::tei:q)) then $node/@rend = 'block' or editio:holds-blocks($node)
      else if ($node/(self::tei:dateline | self::tei:signed | self::tei:salute)) then empty($node/ancestor::tei:p) and not($node/parent::tei:signed or $node/parent::tei:dateline)
      else if (editio:is-listed-block($node)) then true()
      else if (editio:is-known($node)) then false()
      else editio:holds-blocks($node) or exists($node/parent::tei:div | $node/parent::tei:body | $node/parent::tei:front | $node/parent::tei:back)"/>
  </xsl:function>

  <!-- Inline elements both outputs render; anything neither block nor known falls back to a generic rendering. -->
  <!-- Elements laid out as blocks of their own (a map: is-block runs for every node). -->
  <xsl:variable name="editio:block-names" as="map(xs:string, xs:boolean)" select="map:merge((
    'p', 'ab', 'head', 'div', 'body', 'front', 'back', 'list', 'item', 'table', 'row', 'lg', 'l', 'cit', 'figure',
    'opener', 'closer', 'postscript', 'byline', 'trailer', 'epigraph', 'argument', 'titlePage', 'docTitle', 'titlePart',
    'docAuthor', 'docImprint', 'docDate', 'group', 'text', 'floatingText', 'sp', 'castList') ! map { .: true() })"/>

  <xsl:function name="editio:is-listed-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="namespace-uri($element) eq 'http://www.tei-c.org/ns/1.0' and map:contains($editio:block-names, local-name($element)) or exists($element/self::frus:attachment)"/>
  </xsl:function>

  <xsl:variable name="editio:known-names" as="map(xs:string, xs:boolean)" select="map:merge(('hi', 'emph', 'foreign', 'term', 'gloss', 'seg', 'num', 'measure', 'soCalled', 'mentioned', 'title', 'quote', 'q', 'said',
      'persName', 'placeName', 'orgName', 'rs', 'name', 'roleName', 'forename', 'surname', 'addName', 'genName', 'nameLink',
      'date', 'time', 'idno', 'bibl', 'biblScope', 'ref', 'ptr', 'note', 'pb', 'lb', 'milestone', 'label', 'graphic', 'figDesc',
      'choice', 'sic', 'corr', 'orig', 'reg', 'abbr', 'expan', 'supplied', 'gap', 'unclear', 'add', 'del',
      'subst', 'surplus', 'damage', 'app', 'lem', 'rdg', 'rdgGrp',
      'teiHeader', 'standOff', 'facsimile', 'fw', 'desc', 'interpGrp', 'interp', 'link', 'linkGrp', 'anchor', 'index', 'join') ! map { .: true() })"/>
  <xsl:function name="editio:is-known" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <!-- A map lookup: this runs for every element. -->
    <xsl:sequence select="namespace-uri($element) eq 'http://www.tei-c.org/ns/1.0' and map:contains($editio:known-names, local-name($element))"/>
  </xsl:function>

  <!-- ============ languages ============ -->

  <!-- A language tag for HTML: ISO 639-2 codes that have a two-letter form take it (lat → la). -->
  <xsl:function name="editio:language" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="primary" select="lower-case(substring-before($code || '-', '-'))"/>
    <xsl:variable name="two-letter" select="map {
      'lat': 'la', 'eng': 'en', 'fre': 'fr', 'fra': 'fr', 'ger': 'de', 'deu': 'de', 'spa': 'es', 'ita': 'it',
      'por': 'pt', 'dut': 'nl', 'nld': 'nl', 'rus': 'ru', 'gre': 'el', 'ell': 'el', 'heb': 'he', 'ara': 'ar',
      'chi': 'zh', 'zho': 'zh', 'jpn': 'ja', 'pol': 'pl', 'swe': 'sv', 'dan': 'da', 'nor': 'no', 'fin': 'fi',
      'hun': 'hu', 'cze': 'cs', 'ces': 'cs', 'tur': 'tr', 'wel': 'cy', 'cym': 'cy', 'gle': 'ga', 'ice': 'is', 'isl': 'is' }"/>
    <xsl:sequence select="($two-letter($primary) ! (. || substring($code, string-length($primary) + 1)), $code)[1]"/>
  </xsl:function>

  <!-- ============ links ============ -->

  <!-- javascript:, data: and vbscript: URLs (also disguised with spaces, controls or case) are dropped. -->
  <xsl:function name="editio:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="squeezed" select="lower-case(replace(string($url), '[\s\p{Cc}]', ''))"/>
    <xsl:sequence select="if (normalize-space($url) = '' or matches($squeezed, '^(javascript|data|vbscript):')) then () else normalize-space($url)"/>
  </xsl:function>

  <!--
    Where a pointer leads: a local #id, a FRUS volume reference (frus1942v05#pg_262, the FRUS
    convention for cross-volume references) on history.state.gov, or a URL that is safe.
  -->
  <xsl:function name="editio:resolve-pointer" as="map(xs:string, item())?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="p" select="normalize-space($pointer)"/>
    <xsl:choose>
      <xsl:when test="starts-with($p, '#')">
        <xsl:variable name="id" select="substring($p, 2)"/>
        <xsl:variable name="target" select="key('editio:id', $id, root($context))[1]"/>
        <xsl:sequence select="if ($target) then map { 'local': $target }
          else if (map:contains($editio:elsewhere, $id)) then map { 'elsewhere': string($editio:elsewhere($id)), 'id': $id }
          else ()"/>
      </xsl:when>
      <xsl:when test="matches($p, '^frus[0-9][A-Za-z0-9_-]*(#[A-Za-z0-9_.-]+)?$')">
        <xsl:sequence select="map { 'url': 'https://history.state.gov/historicaldocuments/' || replace($p, '#', '/') }"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="editio:safe-url($p) ! map { 'url': . }"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ============ dates ============ -->

  <!-- The value for HTML's datetime, when the TEI value is a valid date or time string. -->
  <xsl:function name="editio:datetime" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="value" select="normalize-space(($date/@when, $date/@notBefore, $date/@from, $date/@notAfter, $date/@to)[1])"/>
    <!-- \d is any Unicode digit, a class saxon-js builds anew on each call (0.3 ms); in a value all ASCII, [0-9] says the same. -->
    <xsl:variable name="valid" select="
      if (empty(string-to-codepoints($value)[. gt 127]))
      then matches($value, '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$')
      else matches($value, '^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$')"/>
    <xsl:sequence select="
      if ($valid
        and (string-length($value) lt 10 or substring($value, 1, 10) castable as xs:date))
      then $value else ()"/>
  </xsl:function>

  <!-- "between 1944-09 and 1944-11", for dates known only within a range. -->
  <xsl:function name="editio:date-range" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="from" select="($date/@notBefore, $date/@from)[1]"/>
    <xsl:variable name="to" select="($date/@notAfter, $date/@to)[1]"/>
    <xsl:sequence select="
      if ($date/@when) then ()
      else if ($from and $to) then 'between ' || $from || ' and ' || $to
      else if ($from) then 'not before ' || $from
      else if ($to) then 'not after ' || $to
      else ()"/>
  </xsl:function>

  <!-- ============ citable units ============ -->

  <!-- A chapter or document with an identifier is a unit: one page, one text, one citation. -->
  <xsl:function name="editio:is-unit" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="exists($div/self::tei:div[@type = ('chapter', 'subchapter', 'document')][@xml:id])"/>
  </xsl:function>

  <!-- One walk of the document, the ancestor test only for unit candidates (//tei:text//tei:div walked
       it twice, 0.1 s per call on a 2 MB volume). -->
  <xsl:function name="editio:units" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)/descendant::tei:div[editio:is-unit(.)][ancestor::tei:text]"/>
  </xsl:function>

  <!-- What gets a page and a citation: the text itself when it has no units or content outside them, then each unit. -->
  <xsl:function name="editio:scopes" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="text" select="root($root)/tei:TEI/tei:text"/>
    <!-- Asked once: saxon-js ignores cache="yes", and each call walks the document. -->
    <xsl:variable name="units" select="editio:units($root)"/>
    <xsl:sequence select="(if (empty($units) or editio:has-own-content($text)) then $text else (), $units)[editio:is-produced(.)]"/>
  </xsl:function>

  <!-- A scope's canonical public URL: history.state.gov's pattern historicaldocuments/{volume-id}/{element-id}. -->
  <xsl:function name="editio:public-url" as="xs:string?">
    <xsl:param name="scope" as="element()"/>
    <xsl:variable name="document-id" select="editio:document-id($scope)"/>
    <xsl:if test="matches($document-id, '^frus[0-9][A-Za-z0-9_-]*$')">
      <xsl:sequence select="'https://history.state.gov/historicaldocuments/' || $document-id || (if ($scope/self::tei:div) then '/' || editio:file-name($scope/@xml:id) else '')"/>
    </xsl:if>
  </xsl:function>

  <!-- The nearest unit around a node, or () when the node belongs to the whole text. -->
  <xsl:function name="editio:unit-of" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::tei:div[editio:is-unit(.)][1]"/>
  </xsl:function>

  <!-- The document's identifier: its FRUS volume id, its own xml:id, or the file name. -->
  <xsl:function name="editio:document-id" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="tei" select="root($root)/*"/>
    <xsl:sequence select="normalize-space(($tei/tei:teiHeader//tei:publicationStmt/tei:idno[@type = 'frus'], $tei/@xml:id, $editio:file-stem)[normalize-space()][1])"/>
  </xsl:function>

  <!-- A heading as a title, for links, navigation and citations: its text without footnotes, in the readings shown. -->
  <xsl:function name="editio:head-text" as="xs:string">
    <xsl:param name="head" as="element()?"/>
    <xsl:sequence select="normalize-space(string-join($head//text()[not(ancestor::tei:note)][editio:is-shown(.)], ''))"/>
  </xsl:function>

  <!-- A unit's title: its heading (a short heading, head type="short", is not the title), else the document's title. -->
  <xsl:function name="editio:unit-title" as="xs:string">
    <xsl:param name="scope" as="element()"/>
    <xsl:variable name="head" select="$scope/tei:head[not(@type = 'short')][1]"/>
    <xsl:sequence select="if ($head) then editio:head-text($head) else normalize-space(root($scope)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
  </xsl:function>

  <!-- A page's file name, without extension: the id made safe for any file system and URL (letters of any script kept, no path;
       at most 48 characters, so that with its extension and a temporary suffix it stays under the 255 bytes file systems allow). -->
  <xsl:function name="editio:file-name" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <!-- saxon-js builds a regex with \p{L} anew on each call (0.3 ms): ids of ASCII letters and digits, the usual ones, skip it. -->
    <xsl:variable name="safe" select="if (matches($id, '^[A-Za-z0-9._-]*$')) then $id else replace($id, '[^\p{L}\p{N}._-]', '_')"/>
    <xsl:variable name="cut" select="substring($safe, 1, 48)"/>
    <xsl:sequence select="if (starts-with($cut, '.')) then '_' || substring($cut, 2) else $cut"/>
  </xsl:function>

  <!-- The page a scope is shown on: a unit's id, or the document's for the text outside units. -->
  <xsl:function name="editio:page-name" as="xs:string">
    <xsl:param name="scope" as="element()"/>
    <xsl:sequence select="editio:file-name(if ($scope/self::tei:text) then editio:document-id($scope) else string($scope/@xml:id))"/>
  </xsl:function>

  <!-- Whether the text has anything outside its units worth a page of its own. -->
  <xsl:function name="editio:has-own-content" as="xs:boolean" cache="yes">
    <xsl:param name="scope" as="element()"/>
    <xsl:sequence select="editio:holds-own-text($scope/node())"/>
  </xsl:function>

  <!-- Whether text with words stands among these nodes outside units. A descent that skips
       the units' subtrees: testing every text node for a unit among its ancestors took 1.4 s
       on a 2 MB volume whose text lies wholly inside units. -->
  <xsl:function name="editio:holds-own-text" as="xs:boolean">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="some $node in $nodes satisfies
      (if ($node instance of text()) then normalize-space($node) != ''
       else $node instance of element() and not(editio:is-unit($node)) and editio:holds-own-text($node/node()))"/>
  </xsl:function>

  <!-- The footnotes a unit shows at its end: its own, not those of units inside it, nor those in readings not shown. -->
  <xsl:function name="editio:footnotes-of" as="element(tei:note)*">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:sequence select="(if ($split) then editio:own($scope)[self::tei:note] else $scope//tei:note)[editio:is-footnote(.)][editio:is-shown(.)]"/>
  </xsl:function>

  <!--
    What a page shows of its own of the notes, apparatus entries, names and file numbers in the
    text: those whose nearest unit is the page's unit, or, on the text's own page, those in no
    unit. Indexed once per run by that unit (or the text); a scan of each page's subtree, units
    inside it included, with a walk up from every node found, cost a unit 1 to 2 ms.
  -->
  <xsl:key name="editio:owned" match="tei:note | tei:app | tei:idno | tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name"
    use="if (ancestor::tei:text) then generate-id((ancestor::tei:div[editio:is-unit(.)][1], root()/tei:TEI/tei:text)[1]) else ()"/>

  <xsl:function name="editio:own" as="element()*">
    <xsl:param name="scope" as="element()"/>
    <xsl:sequence select="key('editio:owned', generate-id($scope), root($scope))"/>
  </xsl:function>

  <!-- The last page break before a node: a map lookup, where a preceding:: scan per node would be slow. -->
  <xsl:accumulator name="editio:current-page" as="element(tei:pb)?" initial-value="()">
    <xsl:accumulator-rule match="tei:pb" select="."/>
  </xsl:accumulator>

  <!-- The printed page a unit starts on: the last page break before its first text. -->
  <xsl:function name="editio:first-page" as="element(tei:pb)?" cache="yes">
    <xsl:param name="scope" as="element()"/>
    <xsl:variable name="first-text" select="editio:first-words($scope/node())"/>
    <xsl:sequence select="(if ($first-text) then $first-text else $scope)/accumulator-before('editio:current-page')"/>
  </xsl:function>

  <!--
    The number of the page a node stands on. Text before the first page break of a fragment
    stands on the page before it, when pages are numbered with figures ("[Page 171]" mid-text:
    what precedes it is on page 170).
  -->
  <xsl:function name="editio:page-number" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="pb" select="$node/accumulator-before('editio:current-page')"/>
    <xsl:variable name="next" select="if ($pb) then () else normalize-space($node/following::tei:pb[1]/@n)"/>
    <xsl:sequence select="if ($pb) then normalize-space($pb/@n)[.]
      else if ($next castable as xs:integer and xs:integer($next) gt 1) then string(xs:integer($next) - 1) else ()"/>
  </xsl:function>

  <!--
    The first text with words among these nodes and their descendants, and the last (given the
    nodes in reverse order). A descent that stops at the first found: saxon-js evaluates
    ($scope//text()[normalize-space()])[1] over all the scope's text, 0.25 s per pass over the
    nested units of a 2 MB volume.
  -->
  <xsl:function name="editio:first-words" as="text()?">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:iterate select="$nodes">
      <xsl:variable name="found" select="if (. instance of text()) then .[normalize-space()] else editio:first-words(node())"/>
      <xsl:if test="exists($found)"><xsl:break select="$found"/></xsl:if>
    </xsl:iterate>
  </xsl:function>
  <xsl:function name="editio:last-words" as="text()?">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:iterate select="$nodes">
      <xsl:variable name="found" select="if (. instance of text()) then .[normalize-space()] else editio:last-words(reverse(node()))"/>
      <xsl:if test="exists($found)"><xsl:break select="$found"/></xsl:if>
    </xsl:iterate>
  </xsl:function>

  <!-- The pages a unit spans: where its first text stands, and where its last text stands. -->
  <xsl:function name="editio:page-span" as="map(xs:string, xs:string)" cache="yes">
    <xsl:param name="scope" as="element()"/>
    <xsl:variable name="first-text" select="editio:first-words($scope/node())"/>
    <xsl:variable name="first" select="if ($first-text) then editio:page-number($first-text) else ()"/>
    <xsl:variable name="last" select="if ($first-text) then editio:page-number(editio:last-words(reverse($scope/node()))) else ()"/>
    <xsl:sequence select="map:merge((
      $first ! map { 'first': . },
      ($last, $first)[1] ! map { 'last': . }))"/>
  </xsl:function>

  <!-- ============ names and authority records ============ -->

  <xsl:function name="editio:is-name" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/(self::tei:persName | self::tei:placeName | self::tei:orgName | self::tei:rs | self::tei:name)[not(ancestor::tei:standOff or ancestor::tei:teiHeader)])"/>
  </xsl:function>

  <!--
    The authority records a name points to (by @ref, or by @corresp as modern FRUS volumes do): in
    the document, else where the run found them (editio:records). A record is a person, place or
    org, or a name with an xml:id in a list's item (a FRUS persons list).
  -->
  <xsl:function name="editio:records" as="element()*">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="for $p in tokenize(normalize-space(($name/@ref, $name/@corresp)[1]), ' ')[contains(., '#')]
      return (
        (if (starts-with($p, '#')) then key('editio:id', substring($p, 2), root($name))[editio:is-record(.)] else ()),
        $editio:supplement ! key('editio:record-pointer', $p, .)//*[@xml:id = substring-after($p, '#')][editio:is-record(.)]
      )[1]"/>
  </xsl:function>
  <xsl:function name="editio:is-record" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:person or self::tei:place or self::tei:org or self::tei:persName[ancestor::tei:item]])"/>
  </xsl:function>

  <!-- Whether a record stands in its document's text (a FRUS persons list), also when it came from another part or document. -->
  <xsl:function name="editio:in-text" as="xs:boolean">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="exists($record/ancestor::tei:text) or exists($record/ancestor::editio:record[@in-text = 'true'])"/>
  </xsl:function>

  <!-- The records a scope mentions, once each, in the order of the authority lists. -->
  <xsl:function name="editio:mentioned" as="element()*">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:variable name="names" select="(if ($split) then editio:own($scope) else $scope//*)[editio:is-name(.)]"/>
    <xsl:sequence select="($names ! editio:records(.))/."/>
  </xsl:function>

  <!-- The preferred name of a record: its first name element, its parts spaced as a reader writes them. -->
  <xsl:function name="editio:record-name" as="xs:string">
    <xsl:param name="record" as="element()"/>
    <xsl:variable name="name" select="($record/(tei:persName | tei:placeName | tei:orgName), $record)[1]"/>
    <xsl:sequence select="normalize-space(string-join($name/node()[not(self::tei:note)] ! normalize-space(string(.)), ' '))"/>
  </xsl:function>

  <xsl:function name="editio:record-kind" as="xs:string">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="if ($record/self::tei:place) then 'place' else if ($record/self::tei:org) then 'organisation' else 'person'"/>
  </xsl:function>

  <!-- Links a record carries: its URI identifiers, when safe. -->
  <xsl:function name="editio:record-links" as="xs:string*">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="$record/tei:idno[@type = 'URI'] ! editio:safe-url(string(.))"/>
  </xsl:function>
</xsl:stylesheet>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CsvImport</name>
    <message>
        <source>no name</source>
        <translation>pas de nom</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>le nom est trop long</translation>
    </message>
    <message>
        <source>gender not understood: “%1” (Woman, Man, Other…)</source>
        <translation>genre non compris : « %1 » (Femme, Homme, Autre…)</translation>
    </message>
    <message>
        <source>country not understood: “%1” (a code such as SN, or a name such as Senegal)</source>
        <translation>pays non compris : « %1 » (un code comme SN, ou un nom comme Sénégal)</translation>
    </message>
    <message>
        <source>category not understood: “%1” (Student, Civil society, Media, Public authority, Other)</source>
        <translation>catégorie non comprise : « %1 » (Étudiant·e, Société civile, Média, Autorité publique, Autre)</translation>
    </message>
    <message>
        <source>age not understood: “%1” (an age, or a band such as 18 to 24)</source>
        <translation>âge non compris : « %1 » (un âge, ou une tranche comme 18 à 24 ans)</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
</context>
<context>
    <name>CsvReportDialog</name>
    <message>
        <source>Import of %1</source>
        <translation>Import de %1</translation>
    </message>
    <message>
        <source>%1 participant(s) enrolled, including %2 new profile(s).</source>
        <translation>%1 participant·e(s) inscrit·e(s), dont %2 nouveau(x) profil(s).</translation>
    </message>
    <message>
        <source>%1 already in the group.</source>
        <translation>%1 déjà dans le groupe.</translation>
    </message>
    <message>
        <source>%1 line(s) refused: correct them in the file and import it again (the others will not be added twice).</source>
        <translation>%1 ligne(s) refusée(s) : corrigez-les dans le fichier et importez-le de nouveau (les autres ne seront pas ajoutées deux fois).</translation>
    </message>
    <message>
        <source>Refused lines</source>
        <translation>Lignes refusées</translation>
    </message>
    <message>
        <source>Columns not used: %1</source>
        <translation>Colonnes non utilisées : %1</translation>
    </message>
</context>
<context>
    <name>ParticipantDialog</name>
    <message>
        <source>Correct a participant</source>
        <translation>Corriger un·e participant·e</translation>
    </message>
    <message>
        <source>New participant</source>
        <translation>Nouveau participant</translation>
    </message>
    <message>
        <source>The participant chooses her PIN the first time she opens her profile. Gender, country, age and category are optional: they only count, anonymously, who takes part.</source>
        <translation>La personne choisit son code PIN à la première ouverture de son profil. Le genre, le pays, l’âge et la catégorie sont facultatifs : ils servent seulement à compter, de façon anonyme, qui participe.</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>New PIN for %1</source>
        <translation>Nouveau code PIN pour %1</translation>
    </message>
    <message>
        <source>Hand the keyboard to %1: she types her new PIN (4 to 6 digits) twice, without showing it. Her progress and everything she did stay as they are.</source>
        <translation>Passez le clavier à %1 : elle tape deux fois son nouveau code PIN (4 à 6 chiffres), sans le montrer. Sa progression et tout ce qu’elle a fait restent intacts.</translation>
    </message>
    <message>
        <source>&amp;New PIN</source>
        <translation>&amp;Nouveau code PIN</translation>
    </message>
    <message>
        <source>New PIN, &amp;again</source>
        <translation>Nouveau code PIN, &amp;encore une fois</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Nouveau code PIN</translation>
    </message>
    <message>
        <source>New PIN, again</source>
        <translation>Nouveau code PIN, encore une fois</translation>
    </message>
    <message>
        <source>Save the PIN</source>
        <translation>Enregistrer le code PIN</translation>
    </message>
    <message>
        <source>The two PINs are different.</source>
        <translation>Les deux codes PIN sont différents.</translation>
    </message>
</context>
</TS>
